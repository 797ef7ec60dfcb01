import { randomUUID } from 'node:crypto';
import type { Logger } from '../observability/logger';
import type { RedisConnection } from '../redis/redis-connection';
import type { GatewayMetrics } from '../observability/metrics';
import { LiveDelivery, type LiveEvent } from './live-event';
import type { FeedOutcome } from './live-feed';

const CHANNEL = 'rg:live-events';

type Listener = (delivery: LiveDelivery) => void;

interface BusMessage {
  readonly origin: string;
  readonly event: LiveEvent;
}

/**
 * Where provider events meet this process's listeners (cache freshness first, then
 * subscriptions). An event received here is delivered here at once and, with Redis, published
 * for every other replica, which delivers it to its own listeners; a replica ignores its own
 * messages. While Redis is away, events still reach this replica's subscribers.
 */
export class LiveBus {
  private readonly listeners: Listener[] = [];
  private readonly origin = randomUUID();

  constructor(
    private readonly redis: RedisConnection | null,
    readonly logger: Logger,
    private readonly metrics: GatewayMetrics | null = null,
  ) {}

  /** Counts what became of an event for one subscriber of `field`. */
  countOutcome(field: string, outcome: FeedOutcome): void {
    this.metrics?.subscriptionEvents.inc({ field, outcome });
  }

  /**
   * Listens to other replicas' events, on a connection of the Redis connection's own (one in
   * subscribe mode; in a cluster, on one node: plain PUBLISH reaches every node). In the
   * background: a Redis that is away never holds up the start; node-redis resubscribes after a
   * reconnect or a failover, and a failed subscription is reported and tried again.
   */
  start(): void {
    void this.redis?.subscribe(CHANNEL, (message) => this.fromOtherReplica(message));
  }

  /** Listeners run in the order they were added, synchronously, for each event. */
  listen(listener: Listener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  get listenerCount(): number {
    return this.listeners.length;
  }

  /** Delivers here, then tells the other replicas. */
  async publish(event: LiveEvent): Promise<void> {
    this.deliver(event);
    if (!this.redis?.available()) return;
    const message = JSON.stringify({ origin: this.origin, event });
    try {
      await this.redis.run('live_publish', (redis) => redis.publish(CHANNEL, message));
    } catch {
      // Counted and logged (rate-limited) by the connection: delivered on this replica only.
    }
  }

  async close(): Promise<void> {
    // The subscription belongs to the Redis connection, closed with it.
    await Promise.resolve();
  }

  private fromOtherReplica(message: string): void {
    try {
      const parsed = JSON.parse(message) as BusMessage;
      if (parsed.origin === this.origin) return;
      this.deliver(parsed.event);
    } catch (error) {
      this.logger.warn({ err: error }, 'live events: unreadable message from another replica');
    }
  }

  private deliver(event: LiveEvent): void {
    const delivery = new LiveDelivery(event);
    for (const listener of [...this.listeners]) {
      try {
        listener(delivery);
      } catch (error) {
        this.logger.error({ err: error }, 'live events: a listener failed');
      }
    }
  }
}
