import { randomUUID } from 'node:crypto';
import type { Logger } from '../observability/logger';
import type { RedisClient, RedisConnection } from '../redis/redis-connection';
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
  private subscriber: RedisClient | null = null;

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
   * Listens to other replicas' events (a second Redis connection: one in subscribe mode). In
   * the background: a Redis that is away never holds up the start; node-redis reconnects and
   * resubscribes on its own. Connection errors are reported by the main connection already.
   */
  start(): void {
    if (!this.redis) return;
    const subscriber = this.redis.client.duplicate();
    subscriber.on('error', () => undefined);
    this.subscriber = subscriber;
    subscriber
      .connect()
      .then(() => subscriber.subscribe(CHANNEL, (message) => this.fromOtherReplica(message)))
      .catch((error: unknown) => {
        if (this.subscriber !== null) {
          this.logger.warn({ err: error }, 'live events: no Redis subscription yet');
        }
      });
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
    try {
      await this.redis.client.publish(CHANNEL, JSON.stringify({ origin: this.origin, event }));
    } catch (error) {
      this.redis.reportFailure();
      this.logger.warn({ err: error }, 'live events: could not tell the other replicas');
    }
  }

  async close(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = null;
    try {
      if (subscriber?.isOpen) subscriber.destroy();
    } catch {
      // Already closed or never connected: nothing to release.
    }
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
