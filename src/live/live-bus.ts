import { randomUUID } from 'node:crypto';
import { BadUserInputError, ErrorCode, GatewayError } from '../errors';
import type { Logger } from '../observability/logger';
import type { TraceLink } from '../observability/tracing';
import type { RedisConnection } from '../redis/redis-connection';
import type { GatewayMetrics } from '../observability/metrics';
import { compareStreamIds, decodeCursor, encodeCursor, streamIdTime } from './live-cursor';
import { LiveDelivery, type LiveEvent, type LiveRecord } from './live-event';
import type { FeedOutcome } from './feed-outcome';
import { LiveStream, type StreamEntry } from './live-stream';
import { LiveWindow, type WindowEntry } from './live-window';

type Listener = (delivery: LiveDelivery) => void;

export interface LiveBusOptions {
  /** How long events stay replayable (LIVE_REPLAY_SECONDS). */
  readonly replaySeconds: number;
  /** Events kept while Redis cannot take them (LIVE_OUTBOX_MAX_EVENTS). */
  readonly outboxMaxEvents: number;
  /** A subscriber's waiting events at most, by count and bytes; past either it is ended. */
  readonly subscriberMaxEvents: number;
  readonly subscriberMaxBytes: number;
}

const DEFAULTS: LiveBusOptions = {
  replaySeconds: 600,
  outboxMaxEvents: 10_000,
  subscriberMaxEvents: 1000,
  subscriberMaxBytes: 1024 * 1024,
};

/** Events one replay returns at most: a cursor further back than this is treated as expired. */
const MAX_REPLAY = 10_000;
/** How often the outbox tries Redis again while it holds events. */
const OUTBOX_RETRY_MS = 250;

export class CursorExpiredError extends GatewayError {
  constructor(message: string) {
    super(ErrorCode.CURSOR_EXPIRED, message);
  }
}

/**
 * Where provider events meet this process's listeners (cache freshness first, then
 * subscriptions). An event received here is written to the Redis stream, then delivered here at
 * once with the stream id as its cursor; every other replica reads it from the stream and
 * delivers it to its own listeners (a replica skips its own entries). When Redis cannot take it,
 * the event is still delivered here (with a local cursor) and waits in a bounded outbox until
 * Redis returns; whether to try Redis never depends on a cooldown flag. Each event id is
 * delivered once per replica, whichever way it comes (a retried write may land twice).
 */
export class LiveBus {
  private readonly listeners: Listener[] = [];
  private readonly origin = randomUUID();
  private readonly stream: LiveStream | null;
  private readonly window: LiveWindow;
  private readonly outbox: WindowEntry[] = [];
  private readonly delivered = new Map<string, number>();
  private outboxTimer: NodeJS.Timeout | null = null;
  private flushing = false;
  private readonly keepMs: number;

  constructor(
    private readonly redis: RedisConnection | null,
    readonly logger: Logger,
    private readonly metrics: GatewayMetrics | null = null,
    readonly options: LiveBusOptions = DEFAULTS,
  ) {
    this.keepMs = options.replaySeconds * 1000;
    this.window = new LiveWindow(this.keepMs);
    this.stream = redis ? new LiveStream(redis, this.keepMs) : null;
    metrics?.watchLiveOutbox(() => this.outbox.length);
  }

  /** Counts what became of an event for one subscriber of `field`. */
  countOutcome(field: string, outcome: FeedOutcome): void {
    this.metrics?.subscriptionEvents.inc({ field, outcome });
  }

  countTooSlow(field: string): void {
    this.metrics?.subscribersTooSlow.inc({ field });
  }

  /** Follows the stream for other replicas' events, in the background (Redis may be away). */
  start(): void {
    this.stream?.follow(
      (entry) => this.fromStream(entry),
      (error) => this.logger.warn({ err: error }, 'live events: cannot read the Redis stream yet'),
    );
    if (this.stream) {
      this.outboxTimer = setInterval(() => void this.flushOutbox(), OUTBOX_RETRY_MS);
      this.outboxTimer.unref();
    }
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

  get outboxSize(): number {
    return this.outbox.length;
  }

  /**
   * Writes to the stream (or the outbox), then delivers here. `trace`: the received webhook's
   * span, which every execution of the event links to (undefined without tracing).
   */
  async publish(event: LiveEvent, trace?: TraceLink): Promise<void> {
    if (!this.firstDelivery(event.eventId)) return;
    const record: LiveRecord =
      trace === undefined
        ? { origin: this.origin, receivedAt: Date.now(), event }
        : { origin: this.origin, receivedAt: Date.now(), event, trace };
    // Behind events already waiting, a new one waits too: the stream keeps their order.
    if (this.stream && this.outbox.length === 0) {
      try {
        const id = await this.stream.append(record);
        this.metrics?.liveStreamWrites.inc({ result: 'ok' });
        this.deliver(this.window.add(record, id));
        return;
      } catch (error) {
        this.logger.warn(
          { err: error },
          'live events: Redis cannot take events now; keeping them in the outbox',
        );
      }
    }
    const entry = this.window.add(record, null);
    if (this.stream) this.toOutbox(entry);
    this.deliver(entry);
  }

  /**
   * The events after `after` (a cursor this gateway gave), oldest first, as fresh deliveries.
   * From this replica's window when it holds the cursor, else from the stream.
   */
  async replay(after: string): Promise<LiveDelivery[]> {
    const cursor = decodeCursor(after);
    if (cursor === null) {
      throw new BadUserInputError('`after` is not a cursor this gateway gave.', 'after');
    }
    if (cursor.kind === 'local') {
      const entries = cursor.origin === this.origin ? this.window.afterSeq(cursor.seq) : null;
      if (entries === null) {
        throw new CursorExpiredError(
          'This cursor was given while Redis was away, by a replica that no longer holds it; ' +
            'subscribe without `after`.',
        );
      }
      return entries.map((entry) => this.deliveryOf(entry));
    }
    if (streamIdTime(cursor.id) < Date.now() - this.keepMs) {
      throw new CursorExpiredError(
        'This cursor is older than the replay window; subscribe without `after`.',
      );
    }
    // The stream's order is the one order all replicas share; this replica's window holds events
    // in the order they reached it (its own at once, others' when read back): only without Redis.
    const local = this.redis?.available() ? null : this.window.afterStreamId(cursor.id);
    if (local !== null) return local.map((entry) => this.deliveryOf(entry));
    return (await this.fromStreamAfter(cursor.id)).map(
      ({ id, record }) => new LiveDelivery(record, encodeCursor({ kind: 'stream', id })),
    );
  }

  async close(): Promise<void> {
    if (this.outboxTimer) clearInterval(this.outboxTimer);
    this.outboxTimer = null;
    if (this.outbox.length > 0) {
      this.logger.warn(
        { events: this.outbox.length },
        'live events: stopping with events Redis never took; other replicas miss them',
      );
    }
    await this.stream?.stop();
  }

  private async fromStreamAfter(id: string): Promise<StreamEntry[]> {
    const stream = this.stream;
    if (stream === null || !this.redis?.available()) {
      throw new CursorExpiredError(
        'This cursor cannot be replayed here now (Redis is away); try again shortly.',
      );
    }
    const [oldest, entries] = await Promise.all([
      stream.oldestId(),
      stream.after(id, MAX_REPLAY + 1),
    ]).catch(() => {
      throw new CursorExpiredError(
        'This cursor cannot be replayed here now (Redis is away); try again shortly.',
      );
    });
    // Older than everything the stream holds: what came between may be gone.
    if (oldest === null || compareStreamIds(oldest, id) > 0 || entries.length > MAX_REPLAY) {
      throw new CursorExpiredError(
        'This cursor is older than the replay window; subscribe without `after`.',
      );
    }
    const seen = new Set<string>();
    return entries.filter(({ record }) => {
      if (seen.has(record.event.eventId)) return false;
      seen.add(record.event.eventId);
      return true;
    });
  }

  private deliveryOf(entry: WindowEntry): LiveDelivery {
    return new LiveDelivery(
      entry.record,
      encodeCursor(
        entry.streamId === null
          ? { kind: 'local', origin: this.origin, seq: entry.seq }
          : { kind: 'stream', id: entry.streamId },
      ),
    );
  }

  private toOutbox(entry: WindowEntry): void {
    this.metrics?.liveStreamWrites.inc({ result: 'failed' });
    this.outbox.push(entry);
    if (this.outbox.length > this.options.outboxMaxEvents) {
      const lost = this.outbox.shift();
      this.metrics?.liveOutboxDropped.inc();
      this.logger.error(
        { eventId: lost?.record.event.eventId, outboxMaxEvents: this.options.outboxMaxEvents },
        'live events: the outbox is full; the oldest event will not reach other replicas',
      );
    }
  }

  /** Writes waiting events in order while Redis takes them; stops at the first refusal. */
  private async flushOutbox(): Promise<void> {
    const stream = this.stream;
    if (this.flushing || stream === null || this.outbox.length === 0 || !this.redis?.available()) {
      return;
    }
    this.flushing = true;
    try {
      for (let entry = this.outbox[0]; entry !== undefined; entry = this.outbox[0]) {
        entry.streamId = await stream.append(entry.record);
        this.outbox.shift();
        this.metrics?.liveStreamWrites.inc({ result: 'from_outbox' });
      }
      this.logger.info('live events: the outbox is empty again; Redis has every event');
    } catch {
      // Redis went away again: the next tick tries again.
    } finally {
      this.flushing = false;
    }
  }

  private fromStream(entry: StreamEntry): void {
    if (entry.record.origin === this.origin) return;
    if (!this.firstDelivery(entry.record.event.eventId)) return;
    this.deliver(this.window.add(entry.record, entry.id));
  }

  /** True the first time this replica delivers an event id in the replay window. */
  private firstDelivery(eventId: string): boolean {
    const now = Date.now();
    if (this.delivered.has(eventId)) return false;
    this.delivered.set(eventId, now);
    for (const [id, at] of this.delivered) {
      if (now - at < this.keepMs && this.delivered.size <= 100_000) break;
      this.delivered.delete(id);
    }
    return true;
  }

  private deliver(entry: WindowEntry): void {
    const delivery = this.deliveryOf(entry);
    for (const listener of [...this.listeners]) {
      try {
        listener(delivery);
      } catch (error) {
        this.logger.error({ err: error }, 'live events: a listener failed');
      }
    }
  }
}
