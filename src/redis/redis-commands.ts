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
  /** XADD with `*` ids, trimming entries older than `minId` (MINID ~); the new entry's id. */
  xAdd(key: string, fields: Readonly<Record<string, string>>, minId: string): Promise<string>;
  /** XRANGE from `start` to `end` (`(id` excludes it), at most `count` entries, as node-redis reads them. */
  xRange(key: string, start: string, end: string, count: number): Promise<unknown>;
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
  | 'live_replay'
  | 'probe';
