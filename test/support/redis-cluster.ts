import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { redisCli, spawnRedis, waitFor, type RedisProcess } from './redis-server';

export interface RunningCluster {
  readonly nodes: readonly RedisProcess[];
  /** `host:port,...` of every node, as REDIS_CLUSTER_NODES takes it. */
  readonly seeds: string;
  /** The nodes that are masters now (alive ones only). */
  masters(): Promise<RedisProcess[]>;
  /** Every alive node agrees the cluster is ok and every slot is served. */
  healthy(): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * A Redis Cluster of three masters with a replica each, on loopback, in a temporary directory;
 * node timeout 1500 ms, so a dead master's replica takes over within a few seconds. Returned once
 * every replica is in sync (before that, a replica cannot take over).
 */
export async function startRedisCluster(): Promise<RunningCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'rg-redis-cluster-'));
  const nodes = await Promise.all(
    Array.from({ length: 6 }, async (_, index) => {
      const [port, busPort] = [await freePort(), await freePort()];
      return spawnRedis(
        port,
        [
          '--cluster-enabled',
          'yes',
          '--cluster-port',
          String(busPort),
          '--cluster-config-file',
          `nodes-${index}.conf`,
          '--cluster-node-timeout',
          '1500',
          // Replicas sync at once, not after Redis's 5 s wait for more replicas to share one sync.
          '--repl-diskless-sync-delay',
          '0',
          '--dir',
          dir,
        ],
        dir,
      );
    }),
  );
  const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
  await redisCli(
    nodes[0]!.port,
    '--cluster',
    'create',
    ...addresses,
    '--cluster-replicas',
    '1',
    '--cluster-yes',
  );
  const alive = () => nodes.filter((node) => node.child.exitCode === null && !node.child.killed);
  const healthy = async () => {
    const infos = await Promise.all(alive().map((node) => redisCli(node.port, 'cluster', 'info')));
    return infos.every(
      (info) => info.includes('cluster_state:ok') && info.includes('cluster_slots_ok:16384'),
    );
  };
  await waitFor('the cluster to be ok on every node', healthy);
  // A replica that never synced cannot take over: a test that kills a master needs them in sync.
  await waitFor('every replica to be in sync', async () => {
    const replication = await Promise.all(
      nodes.map((node) => redisCli(node.port, 'info', 'replication')),
    );
    return replication.every(
      (info) => info.includes('role:master') || info.includes('master_link_status:up'),
    );
  });
  return {
    nodes,
    seeds: addresses.join(','),
    healthy,
    masters: async () => {
      const roles = await Promise.all(
        alive().map(async (node) => ({ node, role: await redisCli(node.port, 'role') })),
      );
      return roles.filter(({ role }) => role.startsWith('master')).map(({ node }) => node);
    },
    stop: async () => {
      await Promise.all(nodes.map((node) => node.stop()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
