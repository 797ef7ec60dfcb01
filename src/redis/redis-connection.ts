import type { RedisTopology } from '../config/redis-config';
import type { Logger } from '../observability/logger';
import type { RedisCommands, RedisOperation } from './redis-commands';
import {
  createTopologyClient,
  TopologyMismatch,
  type TopologyClient,
} from './redis-topology-client';

export interface RedisConnectionOptions {
  /** Give up on one connection attempt after this long. */
  readonly connectTimeoutMs?: number;
  /** Give up on one command after this long: Redis is a cache here, never worth a slow request. */
  readonly commandTimeoutMs?: number;
}

/**
 * What readiness reports: `ok`; `degraded` (connected, but commands fail: a master is down or
 * failing over, commands time out); `unreachable` (no connection); `misconfigured` (the servers
 * are not the configured topology: Redis is not used at all until the setting is fixed).
 */
export type RedisState = 'ok' | 'degraded' | 'unreachable' | 'misconfigured';

export interface RedisConnection {
  /** Ready, not misconfigured, and no command failed in the last moment: worth a command. */
  available(): boolean;
  /**
   * Runs commands for `operation` (those of `redis`, or of a library on `native`), within the
   * command timeout. A failure is counted, logged (rate-limited) and turns readiness `degraded`,
   * then rejects so the caller falls back; a success clears `degraded`.
   */
  run<T>(operation: RedisOperation, command: (redis: RedisCommands) => Promise<T>): Promise<T>;
  /** The node-redis client, for a library that takes one; it must keep to one slot per call. */
  readonly native: object;
  /** Pub/sub on a connection of its own; reported under `live_subscribe` when it fails. */
  subscribe(channel: string, listener: (message: string) => void): Promise<void>;
  /** The state now; when degraded for a while, probes Redis first, so it recovers unasked. */
  state(): Promise<RedisState>;
  /** Every failed command, by operation: the metrics count them. */
  onCommandError(listener: (operation: RedisOperation) => void): void;
  /** Resolves once connected (and checked), or false after `waitMs`: for the line at start. */
  waitUntilReady(waitMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** After a failed command, how long callers go without Redis. */
const FAILURE_COOLDOWN_MS = 1000;
/** At most one warning per this long about failing commands; the rest are counted in it. */
const WARN_EVERY_MS = 10_000;
/** A cluster or Sentinel that could not be reached at start is tried again this often. */
const CONNECT_RETRY_MS = 1000;

/**
 * One connection to Redis, whatever the topology, for the cache, APQ, quotas, pacing, dedupe and
 * live events. It connects in the background and reconnects by itself; while Redis is away,
 * commands fail at once and callers fall back, so Redis never costs a request more than a failed
 * lookup. Nothing fails silently: every failed command is counted, failures are logged at warn at
 * most every 10 s (with how many), readiness says `degraded` until a command succeeds again, and a
 * topology that does not match the servers is logged at error and reported `misconfigured`.
 */
export function connectRedis(
  topology: RedisTopology,
  logger: Logger,
  options: RedisConnectionOptions = {},
): RedisConnection {
  const commandTimeoutMs = options.commandTimeoutMs ?? 250;
  const client: TopologyClient = createTopologyClient(topology, {
    connectTimeoutMs: options.connectTimeoutMs ?? 1000,
    commandTimeoutMs,
  });
  const where = { redis: client.where, topology: topology.kind };
  let mismatch: string | null = null;
  const life = { closed: false };
  // A function, not the field: TypeScript would narrow the field across the awaits below.
  const isClosed = () => life.closed;
  let connectionErrors = 0;
  let connectionWarnedAt = 0;
  client.onError((error: unknown) => {
    connectionErrors += 1;
    if (life.closed || Date.now() - connectionWarnedAt < WARN_EVERY_MS) return;
    logger.warn(
      { ...where, errors: connectionErrors, reason: reasonOf(error) },
      'a Redis connection fails: continuing without it where needed, reconnecting',
    );
    connectionWarnedAt = Date.now();
    connectionErrors = 0;
  });

  const connected = (async (): Promise<boolean> => {
    for (;;) {
      // Closed meanwhile: a new attempt would open what close() just released.
      if (isClosed()) return false;
      try {
        await client.connect();
        break;
      } catch (error) {
        if (error instanceof TopologyMismatch) {
          mismatch = error.message;
          break;
        }
        // A cluster or Sentinel that was not there at start: node-redis does not retry that.
        if (topology.kind === 'single') return false;
        await new Promise((resolve) => setTimeout(resolve, CONNECT_RETRY_MS).unref());
      }
    }
    if (isClosed()) return false;
    mismatch ??= await client.verify().catch(() => null);
    if (mismatch !== null) {
      logger.error(where, `Redis is not used: ${mismatch}`);
      client.close();
      return false;
    }
    return true;
  })();

  let skipUntil = 0;
  let failing = false;
  let failuresSinceWarning = 0;
  let warnedAt = 0;
  let probing: Promise<void> | null = null;
  const errorListeners: ((operation: RedisOperation) => void)[] = [];

  const failed = (operation: RedisOperation, error: unknown): void => {
    skipUntil = Date.now() + FAILURE_COOLDOWN_MS;
    failing = true;
    failuresSinceWarning += 1;
    for (const listener of errorListeners) listener(operation);
    if (Date.now() - warnedAt >= WARN_EVERY_MS) {
      logger.warn(
        { ...where, operation, failures: failuresSinceWarning, reason: reasonOf(error) },
        'Redis commands fail: continuing without Redis for them, retrying',
      );
      warnedAt = Date.now();
      failuresSinceWarning = 0;
    }
    client.refresh();
  };
  const succeeded = (): void => {
    if (!failing) return;
    failing = false;
    logger.info(where, 'Redis commands succeed again');
  };
  const probe = async (): Promise<void> => {
    try {
      await withDeadline(client.ping(), commandTimeoutMs);
      succeeded();
    } catch (error) {
      failed('probe', error);
    }
  };

  return {
    available: () => mismatch === null && client.ready && Date.now() >= skipUntil,
    run: async (operation, command) => {
      try {
        const result = await withDeadline(command(client.commands), commandTimeoutMs);
        succeeded();
        return result;
      } catch (error) {
        failed(operation, error);
        throw error;
      }
    },
    native: client.native,
    subscribe: async (channel, listener) => {
      for (;;) {
        if (!(await connected) || life.closed) return;
        try {
          await client.subscribe(channel, listener);
          return;
        } catch (error) {
          failed('live_subscribe', error);
          await new Promise((resolve) => setTimeout(resolve, CONNECT_RETRY_MS).unref());
        }
      }
    },
    state: async () => {
      if (mismatch !== null) return 'misconfigured';
      if (!client.ready) return 'unreachable';
      if (failing && Date.now() >= skipUntil) {
        probing ??= probe().finally(() => (probing = null));
        await probing;
      }
      return failing ? 'degraded' : 'ok';
    },
    onCommandError: (listener) => errorListeners.push(listener),
    waitUntilReady: (waitMs) =>
      Promise.race([
        connected,
        new Promise<boolean>((resolve) =>
          setTimeout(() => resolve(mismatch === null && client.ready), waitMs).unref(),
        ),
      ]),
    close: async () => {
      life.closed = true;
      try {
        client.close();
      } catch {
        // Closing a client that never connected: nothing to release.
      }
      await Promise.resolve();
    },
  };
}

/**
 * node-redis's command timeout starts once a command is written; Sentinel's client first waits for
 * a master connection, through a whole failover (seconds). The caller never waits past this.
 */
async function withDeadline<T>(command: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      command,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
