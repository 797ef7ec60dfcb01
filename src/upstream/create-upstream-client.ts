import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { Config } from '../config/config';
import type { Logger } from '../observability/logger';
import type { GatewayMetrics } from '../observability/metrics';
import { failSoftCache } from '../redis/fail-soft-cache';
import type { RedisConnection } from '../redis/redis-connection';
import { RedisKeyValueCache } from '../redis/redis-key-value-cache';
import { UpstreamCache } from './cache/upstream-cache';
import { ReportingDriftObserver } from './decode/reporting-drift-observer';
import { RecordingsApiClient } from './recordings-api-client';
import { AdaptiveLimit } from './scheduling/adaptive-limit';
import { ConcurrencyLimiter } from './scheduling/concurrency-limiter';
import { MemoryPaceStore, RatePacer } from './scheduling/rate-pacer';
import { RedisPaceStore } from './scheduling/redis-pace-store';
import { RetryBudget } from './scheduling/retry-budget';
import { UpstreamScheduler } from './scheduling/upstream-scheduler';
import { UpstreamTransport } from './transport/upstream-transport';

export interface UpstreamClientOptions {
  readonly config: Readonly<Config>;
  readonly upstreamUrl: URL;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  /** Shares the cross-request cache and the provider's rate limit across replicas. */
  readonly redis?: RedisConnection | null;
}

/** The process's upstream side: the client, and the parts the front door and metrics watch. */
export interface Upstream {
  readonly client: RecordingsApiClient;
  readonly limiter: ConcurrencyLimiter;
  readonly transport: UpstreamTransport;
}

/**
 * The process's one upstream client, with its scheduling policies and cache, from config; the
 * cache in Redis (fail-soft) when there is one, else in process memory.
 */
export function createUpstreamClient(options: UpstreamClientOptions): Upstream {
  const { config, logger, metrics } = options;
  const cache =
    config.cacheTtlSeconds > 0
      ? new UpstreamCache({
          store: cacheStore(config, options.redis ?? null),
          immutableTtlSeconds: config.cacheTtlSeconds,
          mutableTtlSeconds: config.cacheMutableTtlSeconds,
          logger,
          metrics,
        })
      : null;
  const limiter = new ConcurrencyLimiter(
    new AdaptiveLimit({
      initial: Math.min(32, config.upstreamMaxConcurrency),
      min: config.upstreamMinConcurrency,
      max: config.upstreamMaxConcurrency,
    }),
  );
  const localPace = new MemoryPaceStore();
  const pacer = new RatePacer(
    options.redis ? new RedisPaceStore(options.redis, localPace) : localPace,
    {
      declared: config.upstreamRateLimit
        ? {
            limit: config.upstreamRateLimit.limit,
            windowMs: config.upstreamRateLimit.windowSeconds * 1000,
          }
        : null,
    },
  );
  const scheduler = new UpstreamScheduler({
    attemptTimeoutMs: config.upstreamTimeoutMs,
    retries: config.upstreamRetries,
    retryBaseDelayMs: config.upstreamRetryBaseMs,
    breaker: {
      failureRate: config.upstreamBreakerFailureRate,
      minimumRps: config.upstreamBreakerMinRps,
      windowMs: config.upstreamBreakerWindowMs,
      halfOpenMs: config.upstreamBreakerHalfOpenMs,
    },
    limiter,
    pacer,
    retryBudget: new RetryBudget({ ratio: config.upstreamRetryBudget, minPerSecond: 5 }),
    logger,
  });
  const transport = new UpstreamTransport({
    baseUrl: options.upstreamUrl,
    maxConnections: config.upstreamMaxConnections,
    maxResponseBytes: config.upstreamMaxResponseBytes,
    scheduler,
    callDeadlineMs: Math.max(config.upstreamDeadlineMs, config.upstreamTimeoutMs),
    logger,
    metrics,
  });
  const client = new RecordingsApiClient({
    transport,
    cache,
    drift: new ReportingDriftObserver(logger, metrics),
  });
  metrics.watchBreaker(() => client.breakerState);
  return { client, limiter, transport };
}

function cacheStore(config: Readonly<Config>, redis: RedisConnection | null): KeyValueCache {
  return redis
    ? failSoftCache(new RedisKeyValueCache(redis, 'recordings-graph:', 'cache'), redis)
    : new InMemoryLRUCache<string>({ maxSize: config.cacheMaxMegabytes * 1024 * 1024 });
}
