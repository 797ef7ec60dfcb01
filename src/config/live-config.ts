import type { EnvReader } from './env-reader';

/** How live events are kept for replay and held back while Redis is away. */
export interface LiveConfig {
  /** How long events stay replayable by cursor (the Redis stream's window and the local one). */
  readonly replaySeconds: number;
  /** Events kept locally while Redis cannot take them; past it the oldest are dropped (counted). */
  readonly outboxMaxEvents: number;
  /** A subscriber's waiting events at most, by count and by bytes; past either it is ended. */
  readonly subscriberMaxEvents: number;
  readonly subscriberMaxBytes: number;
}

export function readLiveConfig(read: EnvReader): LiveConfig {
  return {
    replaySeconds: read.integer('LIVE_REPLAY_SECONDS', 600, 10, 86_400),
    outboxMaxEvents: read.integer('LIVE_OUTBOX_MAX_EVENTS', 10_000, 10, 1_000_000),
    subscriberMaxEvents: read.integer('LIVE_SUBSCRIBER_MAX_EVENTS', 1_000, 10, 1_000_000),
    subscriberMaxBytes: read.integer(
      'LIVE_SUBSCRIBER_MAX_BYTES',
      1024 * 1024,
      1024,
      1024 * 1024 * 1024,
    ),
  };
}
