import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import KeyvRedis, { Keyv } from '@keyv/redis';

export interface RedisStore {
  readonly store: KeyValueCache;
  close(): Promise<void>;
}

/**
 * Apollo's KeyValueCache on Redis (keyv + @keyv/redis, through Apollo's adapter), so replicas
 * share the upstream cache and the APQ store. Entries are credential-scoped by their keys.
 */
export function createRedisStore(url: URL): RedisStore {
  const adapter = new KeyvRedis<string>(url.href, {
    // Fail fast when Redis is down: the cache treats a failed lookup as a miss.
    connectionTimeout: 2000,
    throwOnConnectError: true,
    throwOnErrors: true,
  });
  const keyv = new Keyv<string>({
    store: adapter,
    namespace: 'recordings-graph',
    useKeyPrefix: false,
  });
  return {
    store: new KeyvAdapter<string>(keyv, { disableBatchReads: true }),
    close: () => adapter.disconnect(),
  };
}
