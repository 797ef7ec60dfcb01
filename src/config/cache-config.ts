import type { EnvReader } from './env-reader';
import { integer, type ConfigConcern } from './setting';

/** The cross-request upstream cache and the APQ store. */
export interface CacheConfig {
  /** TTL of cached final data (completed recordings, ended conferences); 0 turns the cache off. */
  readonly cacheTtlSeconds: number;
  /** TTL of cached changing data (list pages, running conferences); 0: not cached. */
  readonly cacheMutableTtlSeconds: number;
  readonly cacheMaxMegabytes: number;
  /** How long a registered automatic persisted query is kept. */
  readonly apqTtlSeconds: number;
  /** Size of the in-memory APQ store (LRU). */
  readonly apqMaxMegabytes: number;
}

const SETTINGS = {
  // Download URLs in cached recordings are pre-signed for about ten minutes: stay well below.
  cacheTtlSeconds: integer(
    'CACHE_TTL_SECONDS',
    60,
    0,
    300,
    'Cross-request cache TTL for final data (completed recordings, ended conferences); `0` turns ' +
      'the cache off. Well below the ~10 minutes download URLs stay valid.',
  ),
  cacheMutableTtlSeconds: integer(
    'CACHE_MUTABLE_TTL_SECONDS',
    5,
    0,
    300,
    'TTL for data that can change (list pages, running conferences); `0`: not cached.',
  ),
  cacheMaxMegabytes: integer('CACHE_MAX_MB', 64, 1, 16_384, 'Size of the in-memory cache (LRU).'),
  apqTtlSeconds: integer(
    'APQ_TTL_SECONDS',
    86_400,
    1,
    30 * 86_400,
    'How long an automatic persisted query is kept.',
  ),
  apqMaxMegabytes: integer(
    'APQ_MAX_MB',
    16,
    1,
    4096,
    'Size of the in-memory APQ store (LRU). Documents over 32 KiB run but are not kept; a caller ' +
      'without the credential this mode requires cannot register any.',
  ),
};

export const CACHE_CONCERN: ConfigConcern = {
  title: 'Caches',
  intro:
    'With Redis (below) both live there, shared by the replicas; without it, in process memory.',
  settings: Object.values(SETTINGS),
};

export function readCacheConfig(read: EnvReader): CacheConfig {
  return {
    cacheTtlSeconds: read.int(SETTINGS.cacheTtlSeconds),
    cacheMutableTtlSeconds: read.int(SETTINGS.cacheMutableTtlSeconds),
    cacheMaxMegabytes: read.int(SETTINGS.cacheMaxMegabytes),
    apqTtlSeconds: read.int(SETTINGS.apqTtlSeconds),
    apqMaxMegabytes: read.int(SETTINGS.apqMaxMegabytes),
  };
}
