import type { EnvReader } from './env-reader';
import type { Secret } from './secret';

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

const TOPOLOGY_VARIABLES = ['REDIS_URL', 'REDIS_CLUSTER_NODES', 'REDIS_SENTINELS'] as const;

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
    username: read.string('REDIS_USERNAME') ?? null,
    password: read.secret('REDIS_PASSWORD'),
    tls: read.boolean('REDIS_TLS', false),
  };
  const masterName = read.string('REDIS_SENTINEL_MASTER');
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
