import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { RedisClient } from './redis-connection';

/**
 * Apollo's KeyValueCache on Redis, for the upstream cache and the APQ store: plain GET, SET with
 * EX, DEL under one key prefix. A failing command rejects; callers treat that as a miss.
 */
export class RedisKeyValueCache implements KeyValueCache {
  constructor(
    private readonly client: RedisClient,
    private readonly prefix: string,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const value = await this.client.get(this.prefix + key);
    return value ?? undefined;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const ttl = options?.ttl;
    await (typeof ttl === 'number' && ttl > 0
      ? this.client.set(this.prefix + key, value, {
          expiration: { type: 'EX', value: Math.ceil(ttl) },
        })
      : this.client.set(this.prefix + key, value));
  }

  async delete(key: string): Promise<boolean> {
    return (await this.client.del(this.prefix + key)) > 0;
  }
}
