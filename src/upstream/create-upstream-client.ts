import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { Config } from '../config/config';
import type { Logger } from '../observability/logger';
import type { GatewayMetrics } from '../observability/metrics';
import { UpstreamCache } from './cache/upstream-cache';
import { ReportingDriftObserver } from './decode/reporting-drift-observer';
import { RecordingsApiClient } from './recordings-api-client';
import { UpstreamTransport } from './transport/upstream-transport';

export interface UpstreamClientOptions {
  readonly config: Readonly<Config>;
  readonly upstreamUrl: URL;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  /** Shared store (Redis) for the cross-request cache; in process memory when absent. */
  readonly cacheStore?: KeyValueCache;
}

/** The process's one upstream client, with its resilience policies and cache, from config. */
export function createUpstreamClient(options: UpstreamClientOptions): RecordingsApiClient {
  const { config, logger, metrics } = options;
  const cache =
    config.cacheTtlSeconds > 0
      ? new UpstreamCache({
          store:
            options.cacheStore ??
            new InMemoryLRUCache<string>({ maxSize: config.cacheMaxMegabytes * 1024 * 1024 }),
          immutableTtlSeconds: config.cacheTtlSeconds,
          mutableTtlSeconds: config.cacheMutableTtlSeconds,
          logger,
          metrics,
        })
      : null;
  const transport = new UpstreamTransport({
    baseUrl: options.upstreamUrl,
    maxConnections: config.upstreamMaxConnections,
    resilience: {
      attemptTimeoutMs: config.upstreamTimeoutMs,
      deadlineMs: Math.max(config.upstreamDeadlineMs, config.upstreamTimeoutMs),
      retries: config.upstreamRetries,
      retryBaseDelayMs: config.upstreamRetryBaseMs,
      breakerThreshold: config.upstreamBreakerThreshold,
      breakerHalfOpenMs: config.upstreamBreakerHalfOpenMs,
      processConcurrency: config.upstreamProcessConcurrency,
    },
    logger,
    metrics,
  });
  return new RecordingsApiClient({
    transport,
    cache,
    drift: new ReportingDriftObserver(logger, metrics),
  });
}
