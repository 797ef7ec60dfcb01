import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { redisCli, spawnRedis, waitFor, type RedisProcess } from './redis-server';

export const SENTINEL_MASTER = 'recordings';

export interface RunningSentinels {
  /** The master at start, and its replica. */
  readonly master: RedisProcess;
  readonly replica: RedisProcess;
  readonly sentinels: readonly RedisProcess[];
  /** `host:port,...` of the sentinels, as REDIS_SENTINELS takes it. */
  readonly seeds: string;
  /** The port Sentinel names as the master now. */
  masterPort(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * A master, its replica and three Sentinels (quorum 2) on loopback, in a temporary directory;
 * down-after 1000 ms, so a dead master is replaced within a few seconds.
 */
export async function startRedisSentinels(): Promise<RunningSentinels> {
  const dir = await mkdtemp(join(tmpdir(), 'rg-redis-sentinel-'));
  const master = await spawnRedis(await freePort(), ['--dir', dir]);
  const replica = await spawnRedis(await freePort(), [
    '--dir',
    dir,
    '--replicaof',
    '127.0.0.1',
    String(master.port),
  ]);
  const sentinels = await Promise.all(
    [0, 1, 2].map(async (index) => {
      const port = await freePort();
      // Sentinel rewrites its file: one each, in the temporary directory.
      const file = join(dir, `sentinel-${index}.conf`);
      await writeFile(
        file,
        [
          `dir ${dir}`,
          `sentinel monitor ${SENTINEL_MASTER} 127.0.0.1 ${master.port} 2`,
          `sentinel down-after-milliseconds ${SENTINEL_MASTER} 1000`,
          `sentinel failover-timeout ${SENTINEL_MASTER} 3000`,
          `sentinel parallel-syncs ${SENTINEL_MASTER} 1`,
          '',
        ].join('\n'),
      );
      return spawnRedis(port, [file, '--sentinel'], dir);
    }),
  );
  // Ready once every Sentinel knows the replica and the other two: then a failover can be voted.
  await waitFor('the sentinels to know each other and the replica', async () => {
    const views = await Promise.all(
      sentinels.map((sentinel) => redisCli(sentinel.port, 'sentinel', 'master', SENTINEL_MASTER)),
    );
    return views.every(
      (view) => /num-slaves\n1\b/.test(view) && /num-other-sentinels\n2\b/.test(view),
    );
  });
  await waitFor('the replica to be in sync', async () =>
    (await redisCli(replica.port, 'info', 'replication')).includes('master_link_status:up'),
  );
  return {
    master,
    replica,
    sentinels,
    seeds: sentinels.map((sentinel) => `127.0.0.1:${sentinel.port}`).join(','),
    masterPort: async () => {
      const reply = await redisCli(
        sentinels[0]!.port,
        'sentinel',
        'get-master-addr-by-name',
        SENTINEL_MASTER,
      );
      return Number(reply.split('\n')[1]);
    },
    stop: async () => {
      await Promise.all([...sentinels, replica, master].map((node) => node.stop()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
