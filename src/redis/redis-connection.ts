import { createClient } from '@redis/client';
import type { Logger } from '../observability/logger';

export interface RedisConnectionOptions {
  /** Give up on one connection attempt after this long. */
  readonly connectTimeoutMs?: number;
  /** Give up on one command after this long: Redis is a cache here, never worth a slow request. */
  readonly commandTimeoutMs?: number;
}

/** After a failed command, how long callers go without Redis. */
const FAILURE_COOLDOWN_MS = 2000;

function createRedisClient(url: URL, options: RedisConnectionOptions) {
  return createClient({
    url: url.href,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: options.connectTimeoutMs ?? 1000,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5000),
    },
    commandOptions: { timeout: options.commandTimeoutMs ?? 250 },
  });
}

/** The node-redis client this process uses for everything it keeps in Redis. */
export type RedisClient = ReturnType<typeof createRedisClient>;

export interface RedisConnection {
  readonly client: RedisClient;
  /** Whether commands can run now (connected and ready). */
  readonly ready: boolean;
  /** Ready, and no command failed in the last moment: worth sending a command to. */
  available(): boolean;
  /** A command failed or timed out: callers skip Redis for a short cooldown. */
  reportFailure(): void;
  /** Resolves once connected, or false after `waitMs`: for the warning at start. */
  waitUntilReady(waitMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * One Redis client for the cache, APQ, quotas and events. It connects in the background and
 * reconnects with backoff; while Redis is away, commands fail at once (no offline queue) and their
 * callers fall back, so an unreachable Redis never costs a request more than a failed lookup.
 * A Redis that accepts connections but does not answer costs one command timeout, then callers
 * skip it for a cooldown. State changes are logged once each, not per command.
 */
export function connectRedis(
  url: URL,
  logger: Logger,
  options: RedisConnectionOptions = {},
): RedisConnection {
  const client = createRedisClient(url, options);
  // The host only: a Redis URL may carry a password.
  const where = { redis: url.host };
  let reachable: boolean | undefined;
  client.on('error', (error: unknown) => {
    if (reachable === false) return;
    reachable = false;
    const reason = error instanceof Error ? error.message : String(error);
    logger.warn({ ...where, reason }, 'Redis is unreachable: continuing without it, retrying');
  });
  client.on('ready', () => {
    if (reachable === false) logger.info(where, 'Redis is reachable again');
    reachable = true;
  });
  let skipUntil = 0;
  const connecting = client.connect().then(
    () => true,
    () => false,
  );
  return {
    client,
    get ready() {
      return client.isReady;
    },
    available: () => client.isReady && Date.now() >= skipUntil,
    reportFailure: () => {
      skipUntil = Date.now() + FAILURE_COOLDOWN_MS;
    },
    waitUntilReady: (waitMs) =>
      Promise.race([
        connecting,
        new Promise<boolean>((resolve) =>
          setTimeout(() => resolve(client.isReady), waitMs).unref(),
        ),
      ]),
    close: async () => {
      try {
        if (client.isOpen) client.destroy();
      } catch {
        // Closing a client that never connected: nothing to release.
      }
      await Promise.resolve();
    },
  };
}
