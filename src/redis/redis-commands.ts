/**
 * The Redis commands the gateway uses, the same on one server, a cluster and Sentinel. Keys of one
 * multi-key command (a script) must share a hash tag (`{...}`), so they stay in one cluster slot.
 */
export interface RedisCommands {
  get(key: string): Promise<string | null>;
  /** SET, with EX when `ttlSeconds`, NX when `onlyIfAbsent`; true when the value was written. */
  set(key: string, value: string, options?: RedisSetOptions): Promise<boolean>;
  del(key: string): Promise<number>;
  /** EVAL: all `keys` in one hash slot. */
  eval(script: string, keys: readonly string[], args: readonly string[]): Promise<unknown>;
  /** Plain PUBLISH: reaches subscribers on every node of a cluster. */
  publish(channel: string, message: string): Promise<void>;
}

export interface RedisSetOptions {
  readonly ttlSeconds?: number;
  readonly onlyIfAbsent?: boolean;
}

/** What a failed command was for: the label of `redis_errors_total`. A closed set, bounded. */
export type RedisOperation =
  | 'cache'
  | 'apq'
  | 'quota'
  | 'pace'
  | 'webhook_dedupe'
  | 'live_publish'
  | 'live_subscribe'
  | 'probe';
