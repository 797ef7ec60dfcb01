import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { RedisOperation } from './redis-commands';
import type { RedisConnection } from './redis-connection';

/**
 * Apollo's KeyValueCache on Redis, for the upstream cache and the APQ store: plain GET, SET with
 * EX, DEL under one key prefix, one key a command (any slot of a cluster). A failing command is
 * reported under `operation` and rejects; callers treat that as a miss.
 */
export class RedisKeyValueCache implements KeyValueCache {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
    private readonly operation: RedisOperation,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const value = await this.redis.run(this.operation, (redis) => redis.get(this.prefix + key));
    return value ?? undefined;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const ttl = options?.ttl;
    await this.redis.run(this.operation, (redis) =>
      redis.set(this.prefix + key, value, typeof ttl === 'number' ? { ttlSeconds: ttl } : {}),
    );
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.run(this.operation, (redis) => redis.del(this.prefix + key))) > 0;
  }
}
