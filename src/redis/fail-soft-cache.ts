import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { RedisConnection } from './redis-connection';

/**
 * A shared cache whose failures are misses: a lookup that fails finds nothing, a write that fails
 * is dropped, and after a failure Redis is skipped for a cooldown rather than waited on again. The
 * store reports its failures to the connection (counted, logged, readiness `degraded`).
 */
export function failSoftCache(store: KeyValueCache, connection: RedisConnection): KeyValueCache {
  return {
    get: (key: string) =>
      connection.available() ? store.get(key).catch(() => undefined) : Promise.resolve(undefined),
    set: (key: string, value: string, options?: KeyValueCacheSetOptions) =>
      connection.available()
        ? store.set(key, value, options).catch(() => undefined)
        : Promise.resolve(),
    delete: (key: string) =>
      connection.available()
        ? Promise.resolve(store.delete(key)).catch(() => false)
        : Promise.resolve(false),
  };
}
