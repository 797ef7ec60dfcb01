// Longer than 300 lines: one adapter from node-redis to RedisCommands per topology (single,
// cluster, sentinel), sharing the node options and command mapping at the top.
import { createClient, createCluster, createSentinel } from '@redis/client';
import type { RedisCredentials, RedisTopology } from '../config/redis-config';
import type { RedisCommands, RedisSetOptions } from './redis-commands';

export interface TopologyClientOptions {
  /** Give up on one connection attempt after this long. */
  readonly connectTimeoutMs: number;
  /** Give up on one command after this long: Redis is a cache here, never worth a slow request. */
  readonly commandTimeoutMs: number;
}

/**
 * One node-redis client for the configured topology, behind the same small surface: the
 * connection above it never asks which topology it is. Built on node-redis's own createClient,
 * createCluster (MOVED/ASK, slot map) and createSentinel (master discovery, switch-master).
 */
export interface TopologyClient {
  /** Hosts and ports for logs, never credentials. */
  readonly where: string;
  readonly commands: RedisCommands;
  /** The node-redis client itself, for a library that takes one (rate-limiter-flexible). */
  readonly native: object;
  /** Connected: commands can be sent. */
  readonly ready: boolean;
  /** Connects; rejects with TopologyMismatch when the servers are not what was configured. */
  connect(): Promise<void>;
  /** Null when the servers are the topology configured, else what is wrong, in words. */
  verify(): Promise<string | null>;
  /** PING every master: the readiness probe. */
  ping(): Promise<void>;
  /** After failed commands: learn the topology again (a cluster's slot map after a failover). */
  refresh(): void;
  /** Pub/sub on a connection of its own, resubscribed by node-redis after a reconnect. */
  subscribe(channel: string, listener: (message: string) => void): Promise<void>;
  /** Connection-level errors (not command failures). */
  onError(listener: (error: unknown) => void): void;
  close(): void;
}

/** The servers answer, but not as the configured topology: a setting to fix, not to retry. */
export class TopologyMismatch extends Error {
  override readonly name = 'TopologyMismatch';
}

export function createTopologyClient(
  topology: RedisTopology,
  options: TopologyClientOptions,
): TopologyClient {
  switch (topology.kind) {
    case 'single':
      return singleServer(topology.url, options);
    case 'cluster':
      return cluster(topology.nodes, topology.credentials, options);
    case 'sentinel':
      return sentinel(topology.sentinels, topology.masterName, topology.credentials, options);
  }
}

const reconnectStrategy = (retries: number) => Math.min(100 * 2 ** retries, 2000);

/** What every data-node connection shares: no offline queue (a command while away fails now). */
function nodeOptions(options: TopologyClientOptions, credentials: RedisCredentials | null) {
  return {
    disableOfflineQueue: true,
    ...(credentials?.username ? { username: credentials.username } : {}),
    ...(credentials?.password ? { password: credentials.password.reveal() } : {}),
    socket: {
      connectTimeout: options.connectTimeoutMs,
      reconnectStrategy,
      ...(credentials?.tls ? { tls: true as const } : {}),
    },
  };
}

/** The commands on any node-redis client type: they share one command set. */
interface NodeRedisCommands {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options?: object): Promise<string | null>;
  del(key: string): Promise<number>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  publish(channel: string, message: string): Promise<number>;
  xAdd(key: string, id: string, fields: Record<string, string>, options?: object): Promise<string>;
  xRange(key: string, start: string, end: string, options?: { COUNT: number }): Promise<unknown>;
}

function commandsOf(client: NodeRedisCommands): RedisCommands {
  return {
    get: (key) => client.get(key),
    set: async (key, value, options: RedisSetOptions = {}) => {
      const ttl = options.ttlSeconds;
      const reply = await client.set(key, value, {
        ...(typeof ttl === 'number' && ttl > 0
          ? { expiration: { type: 'EX', value: Math.ceil(ttl) } }
          : {}),
        ...(options.onlyIfAbsent ? { condition: 'NX' } : {}),
      });
      return reply === 'OK';
    },
    del: (key) => client.del(key),
    eval: (script, keys, args) => client.eval(script, { keys: [...keys], arguments: [...args] }),
    publish: async (channel, message) => {
      await client.publish(channel, message);
    },
    xAdd: (key, fields, minId) =>
      client.xAdd(
        key,
        '*',
        { ...fields },
        {
          TRIM: { strategy: 'MINID', strategyModifier: '~', threshold: minId },
        },
      ),
    xRange: (key, start, end, count) => client.xRange(key, start, end, { COUNT: count }),
  };
}

function field(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}

function singleServer(url: URL, options: TopologyClientOptions): TopologyClient {
  const client = createClient({
    url: url.href,
    ...nodeOptions(options, null),
    commandOptions: { timeout: options.commandTimeoutMs },
  });
  let subscriber: typeof client | null = null;
  return {
    where: url.host,
    commands: commandsOf(client),
    native: client,
    get ready() {
      return client.isReady;
    },
    connect: async () => {
      await client.connect();
    },
    verify: async () => {
      const info = await client.info();
      const mode = field(info, 'redis_mode');
      if (mode === 'cluster') {
        return 'REDIS_URL points at a node of a Redis Cluster: keys in slots of other nodes would fail. Set REDIS_CLUSTER_NODES=host:port,... instead of REDIS_URL';
      }
      if (mode === 'sentinel') {
        return 'REDIS_URL points at a Sentinel, not a data server: set REDIS_SENTINELS and REDIS_SENTINEL_MASTER instead of REDIS_URL';
      }
      if (field(info, 'role') === 'slave') {
        return 'REDIS_URL points at a read-only replica: writes would fail. Point it at the master, or use REDIS_SENTINELS';
      }
      return null;
    },
    ping: async () => {
      await client.ping();
    },
    refresh: () => undefined,
    subscribe: async (channel, listener) => {
      // A connection in subscribe mode takes no other command: a second one.
      subscriber ??= client.duplicate();
      subscriber.on('error', () => undefined);
      if (!subscriber.isOpen) await subscriber.connect();
      await subscriber.subscribe(channel, listener);
    },
    onError: (listener) => client.on('error', listener),
    close: () => {
      for (const each of [client, subscriber]) {
        if (each?.isOpen) each.destroy();
      }
    },
  };
}

/** How often, at most, failed commands make a cluster learn its slot map again. */
const REFRESH_EVERY_MS = 500;
const SLOTS = 16_384;

function cluster(
  nodes: readonly { host: string; port: number }[],
  credentials: RedisCredentials,
  options: TopologyClientOptions,
): TopologyClient {
  const client = createCluster({
    rootNodes: nodes.map((node) => ({ socket: { host: node.host, port: node.port } })),
    defaults: nodeOptions(options, credentials),
    commandOptions: { timeout: options.commandTimeoutMs },
  });
  let lastDiscoveryError = '';
  client.on('error', (error: unknown) => {
    lastDiscoveryError = error instanceof Error ? error.message : String(error);
  });
  let refreshedAt = 0;
  const refresh = (): void => {
    const master = client.isOpen ? client.masters.find((node) => node.client) : undefined;
    if (!master?.client || Date.now() - refreshedAt < REFRESH_EVERY_MS) return;
    refreshedAt = Date.now();
    // node-redis rediscovers on MOVED only; a master that died answers nothing, so its slots
    // would stay mapped to it. Ask the cluster again (its failover may still be under way).
    client._slots.rediscover(master.client).catch(() => undefined);
  };
  // A node's connection failing (its master died) is a reason to look again, traffic or not.
  client.on('node-error', refresh);
  return {
    where: nodes.map((node) => `${node.host}:${node.port}`).join(','),
    commands: commandsOf(client),
    native: client,
    get ready() {
      return client.isOpen && client.masters.some((node) => node.client?.isReady === true);
    },
    connect: async () => {
      try {
        await client.connect();
      } catch (error) {
        if (/cluster support disabled/i.test(lastDiscoveryError)) {
          throw new TopologyMismatch(
            'REDIS_CLUSTER_NODES lists a server that is not in cluster mode ("cluster support disabled"): for one server set REDIS_URL instead',
          );
        }
        throw error;
      }
    },
    verify: () => {
      // A sparse array: slots no node serves are holes, which reduce skips.
      const covered = client.slots.reduce((count) => count + 1, 0);
      return Promise.resolve(
        covered < SLOTS
          ? `the Redis Cluster serves ${covered} of ${SLOTS} slots: keys in the others fail until it is complete`
          : null,
      );
    },
    ping: async () => {
      await Promise.all(
        client.masters.map(async (master) => (await client.nodeClient(master)).ping()),
      );
    },
    refresh,
    // Plain SUBSCRIBE on one node of the cluster's choosing: PUBLISH on any node reaches it.
    subscribe: (channel, listener) => client.subscribe(channel, listener),
    onError: (listener) => client.on('node-error', listener),
    close: () => {
      if (client.isOpen) client.destroy();
    },
  };
}

function sentinel(
  sentinels: readonly { host: string; port: number }[],
  masterName: string,
  credentials: RedisCredentials,
  options: TopologyClientOptions,
): TopologyClient {
  const client = createSentinel({
    name: masterName,
    sentinelRootNodes: sentinels.map((node) => ({ host: node.host, port: node.port })),
    nodeClientOptions: nodeOptions(options, credentials),
    // Sentinels are asked where the master is; they carry no data and often no password.
    sentinelClientOptions: {
      socket: {
        connectTimeout: options.connectTimeoutMs,
        reconnectStrategy,
        ...(credentials.tls ? { tls: true as const } : {}),
      },
    },
    commandOptions: { timeout: options.commandTimeoutMs },
  });
  return {
    where: `${masterName}@${sentinels.map((node) => `${node.host}:${node.port}`).join(',')}`,
    commands: commandsOf(client),
    native: client,
    get ready() {
      return client.isReady;
    },
    // node-redis retries a Sentinel that refuses the question for a long while (and logs each
    // try to the console): a refusal that names the problem ends the attempt at once.
    connect: () =>
      new Promise<void>((resolve, reject) => {
        const settle = (outcome: () => void) => {
          client.off('error', onError);
          outcome();
        };
        const onError = (error: unknown) => {
          const reason = error instanceof Error ? error.message : String(error);
          const words = /unknown command 'SENTINEL'/i.test(reason)
            ? 'REDIS_SENTINELS lists a server that is not a Sentinel: for one server set REDIS_URL, for a cluster REDIS_CLUSTER_NODES'
            : /no such master/i.test(reason)
              ? `the Sentinels monitor no master named REDIS_SENTINEL_MASTER="${masterName}"`
              : null;
          if (words === null) return;
          settle(() => reject(new TopologyMismatch(words)));
          client.destroy().catch(() => undefined);
        };
        client.on('error', onError);
        client.connect().then(
          () => settle(resolve),
          (error: unknown) =>
            settle(() => reject(error instanceof Error ? error : new Error(String(error)))),
        );
      }),
    verify: () => Promise.resolve(null),
    ping: async () => {
      await client.ping();
    },
    refresh: () => undefined,
    subscribe: async (channel, listener) => {
      await client.subscribe(channel, listener);
    },
    onError: (listener) => client.on('error', listener),
    // Also while its first connection is still being tried: that loop ends only when destroyed.
    close: () => {
      try {
        client.destroy().catch(() => undefined);
      } catch {
        // Never opened: nothing to release.
      }
    },
  };
}
