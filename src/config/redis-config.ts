import type { EnvReader } from './env-reader';
import type { Secret } from './secret';
import { flag, text, type ConfigConcern } from './setting';

export interface RedisNodeAddress {
  readonly host: string;
  readonly port: number;
}

/** Credentials and TLS for the data nodes of a cluster or a Sentinel-watched master. */
export interface RedisCredentials {
  readonly username: string | null;
  readonly password: Secret | null;
  readonly tls: boolean;
}

/**
 * Where the shared state lives: one server, a Redis Cluster (seed nodes; the rest is discovered),
 * or a master found through Sentinel. Exactly one, chosen by which variable is set.
 */
export type RedisTopology =
  | { readonly kind: 'single'; readonly url: URL }
  | {
      readonly kind: 'cluster';
      readonly nodes: readonly RedisNodeAddress[];
      readonly credentials: RedisCredentials;
    }
  | {
      readonly kind: 'sentinel';
      readonly sentinels: readonly RedisNodeAddress[];
      readonly masterName: string;
      readonly credentials: RedisCredentials;
    };

const SETTINGS = {
  url: text(
    'REDIS_URL',
    'unset',
    'One server, `redis://[user:password@]host:6379` or `rediss://` for TLS.',
  ),
  clusterNodes: text(
    'REDIS_CLUSTER_NODES',
    'unset',
    'A Redis Cluster, as comma-separated `host:port` seed nodes (any subset; the rest is ' +
      'discovered, MOVED/ASK followed, the slot map learnt again after a failover). IPv6 in ' +
      'brackets: `[::1]:7000`.',
  ),
  sentinels: text(
    'REDIS_SENTINELS',
    'unset',
    'Sentinel, as comma-separated `host:port` of the Sentinels; writes follow the master they ' +
      'promote.',
  ),
  sentinelMaster: text(
    'REDIS_SENTINEL_MASTER',
    'unset',
    'The name the Sentinels monitor the master under (`sentinel monitor <name> ...`); required ' +
      'with `REDIS_SENTINELS`.',
  ),
  username: text(
    'REDIS_USERNAME',
    'unset',
    'ACL user of the data nodes (cluster nodes, or the master and replicas behind Sentinel; the ' +
      'Sentinels themselves are asked without it). With `REDIS_URL`, put it in the URL instead.',
  ),
  password: text('REDIS_PASSWORD', 'unset', 'The password going with `REDIS_USERNAME`, likewise.'),
  tls: flag('REDIS_TLS', false, 'TLS to the cluster nodes, or to the Sentinels and the master.'),
};

export const REDIS_CONCERN: ConfigConcern = {
  title: 'Redis',
  intro:
    'Redis is optional and set by one of three topologies; setting two, a malformed node list, ' +
    'or credentials without a topology that takes them refuses to start, naming the variables. ' +
    'With any of them the upstream cache, APQ store, client quotas, provider pacing, webhook ' +
    'dedupe and live events are shared by the replicas.',
  settings: Object.values(SETTINGS),
  outro:
    'What happens when Redis fails: every command has 250 ms; one that fails or times out is ' +
    'counted in `redis_errors_total{operation}` (`cache`, `apq`, `quota`, `pace`, ' +
    '`webhook_dedupe`, `live_publish`, `live_subscribe`, `probe`), logged at warn at most every ' +
    '10 s (with how many failed since), and the replica goes on without Redis for a second: the ' +
    'cache misses, APQ asks the client for the document, quotas and pacing count in this process, ' +
    'dedupe remembers in memory, events reach this replica’s subscribers only. Readiness reports ' +
    '`redis` (but stays ready: the gateway answers without it):\n\n' +
    '- `ok`: commands succeed;\n' +
    '- `degraded`: connected, but commands failed and none succeeded since (a master down or ' +
    'failing over, timeouts); readiness pings every master before saying so again, so it returns ' +
    'to `ok` by itself;\n' +
    '- `unreachable`: no connection (at start, or Redis gone);\n' +
    '- `misconfigured`: the servers are not the topology configured (a cluster node given as ' +
    '`REDIS_URL`, a replica as `REDIS_URL`, a standalone server in `REDIS_CLUSTER_NODES`, a server ' +
    'that is not a Sentinel in `REDIS_SENTINELS`, an unknown `REDIS_SENTINEL_MASTER`). Logged at ' +
    'error in words at start; Redis is then not used at all until the setting is fixed and the ' +
    'process restarted.',
};

const TOPOLOGY_VARIABLES = [
  SETTINGS.url.name,
  SETTINGS.clusterNodes.name,
  SETTINGS.sentinels.name,
] as const;

/**
 * Reads REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS (+ REDIS_SENTINEL_MASTER), with
 * REDIS_USERNAME, REDIS_PASSWORD and REDIS_TLS for the last two. Null: no Redis. More than one
 * topology, a malformed node list or a stray setting is a problem naming the variables.
 */
export function readRedisTopology(read: EnvReader): RedisTopology | null {
  const set = TOPOLOGY_VARIABLES.filter((name) => read.string(name) !== undefined);
  if (set.length > 1) {
    read.problem(`set one Redis topology, not ${set.join(' and ')}`);
    return null;
  }
  const credentials: RedisCredentials = {
    username: read.string(SETTINGS.username.name) ?? null,
    password: read.secret(SETTINGS.password.name),
    tls: read.flag(SETTINGS.tls),
  };
  const masterName = read.string(SETTINGS.sentinelMaster.name);
  if (set[0] !== 'REDIS_SENTINELS' && masterName !== undefined) {
    read.problem('REDIS_SENTINEL_MASTER needs REDIS_SENTINELS');
  }
  switch (set[0]) {
    case undefined:
      refuseCredentials(read, 'set without REDIS_CLUSTER_NODES or REDIS_SENTINELS');
      return null;
    case 'REDIS_URL': {
      // One server carries its user, password and TLS (rediss:) in the URL, as before.
      refuseCredentials(read, 'set with REDIS_URL: put the user, password and rediss: in the URL');
      const url = read.url('REDIS_URL', ['redis:', 'rediss:']);
      return url ? { kind: 'single', url } : null;
    }
    case 'REDIS_CLUSTER_NODES':
      return { kind: 'cluster', nodes: nodeList(read, 'REDIS_CLUSTER_NODES'), credentials };
    default: // REDIS_SENTINELS
      if (masterName === undefined) {
        read.problem("REDIS_SENTINELS needs REDIS_SENTINEL_MASTER (the master's name)");
      }
      return {
        kind: 'sentinel',
        sentinels: nodeList(read, 'REDIS_SENTINELS'),
        masterName: masterName ?? '',
        credentials,
      };
  }
}

function refuseCredentials(read: EnvReader, why: string): void {
  const stray = ['REDIS_USERNAME', 'REDIS_PASSWORD', 'REDIS_TLS'].filter(
    (name) => read.string(name) !== undefined,
  );
  if (stray.length > 0) read.problem(`${stray.join(', ')} ${why}`);
}

/** `host:port,host:port`; IPv6 hosts in brackets (`[::1]:7000`). */
function nodeList(read: EnvReader, name: string): RedisNodeAddress[] {
  const items = read.list(name);
  const nodes: RedisNodeAddress[] = [];
  for (const item of items) {
    const match = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):(\d{1,5})$/.exec(item);
    const port = Number(match?.[2]);
    if (!match?.[1] || !Number.isInteger(port) || port < 1 || port > 65535) {
      read.problem(`${name} takes host:port items separated by commas (got "${item}")`);
      continue;
    }
    nodes.push({ host: match[1].replace(/^\[(.*)\]$/, '$1'), port });
  }
  if (items.length === 0) read.problem(`${name} lists no host:port`);
  return nodes;
}
