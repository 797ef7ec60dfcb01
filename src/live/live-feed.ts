import { liveAccessRefusal } from '../auth/live-access';
import { adoptContext, type GatewayContext } from '../context';
import { ErrorCode, GatewayError } from '../errors';
import type { FeedOutcome } from './feed-outcome';
import type { LiveDelivery } from './live-event';

/** How long the reads one event causes may take. */
const EVENT_DEADLINE_MS = 10_000;

/** Bounds used when the bus says nothing (no live bus: nothing arrives anyway). */
const DEFAULT_MAX_EVENTS = 1000;
const DEFAULT_MAX_BYTES = 1024 * 1024;

export class SubscriberTooSlowError extends GatewayError {
  constructor(lastCursor: string | null) {
    super(
      ErrorCode.SUBSCRIBER_TOO_SLOW,
      'Events arrived faster than this subscriber read them; the subscription ended rather than ' +
        'skip any. Resume with `recordingEvents(after: lastCursor)` (or the transcription ' +
        'equivalent) to receive what followed.',
      lastCursor === null ? {} : { lastCursor },
    );
  }
}

export interface LiveFeedOptions<T> {
  /** A first look at the event alone: false skips it before it waits, before any read. */
  readonly accepts?: (delivery: LiveDelivery) => boolean;
  /**
   * The subscriber's view of an event, read through `context` (fresh for this event): the value
   * to send, or why not.
   */
  readonly pick: (
    delivery: LiveDelivery,
    context: GatewayContext,
  ) => Promise<{ readonly value: T } | { readonly skip: 'filtered' | 'not_visible' }>;
  readonly onOutcome?: (outcome: FeedOutcome) => void;
  readonly onTooSlow?: () => void;
  readonly onError?: (error: unknown) => void;
}

export interface LiveFeed<T> extends AsyncIterableIterator<T> {
  /**
   * Replays what followed `after` before any live event (each event once across the seam).
   * Rejects with CURSOR_EXPIRED (or BAD_USER_INPUT) before anything is sent.
   */
  resume(after: string): Promise<void>;
}

/**
 * One subscription's events as an async iterator. Deliveries queue as they arrive; each is read
 * only when the transport asks for the next value (after the previous one went out), with the
 * subscription's context renewed first, so no two events ever share loaders or a deadline. The
 * queue is bounded by count and bytes; a subscriber that passes either is ended with
 * SUBSCRIBER_TOO_SLOW (carrying the cursor of the last event it got), never left with a silent
 * gap. A `return()` (the client unsubscribed, the socket closed) ends it at once, even mid-wait.
 */
export function liveFeed<T>(context: GatewayContext, options: LiveFeedOptions<T>): LiveFeed<T> {
  const maxEvents = context.live?.options.subscriberMaxEvents ?? DEFAULT_MAX_EVENTS;
  const maxBytes = context.live?.options.subscriberMaxBytes ?? DEFAULT_MAX_BYTES;
  let replayed: LiveDelivery[] = [];
  let waiting: LiveDelivery[] = [];
  let waitingBytes = 0;
  let replayedIds: ReadonlySet<string> | null = null;
  let lastCursor: string | null = null;
  let tooSlow = false;
  let wake: (() => void) | null = null;
  let done = false;

  const stopListening =
    context.live?.listen((delivery) => {
      if (done || tooSlow) return;
      if (replayedIds?.has(delivery.event.eventId)) return;
      if (options.accepts && !options.accepts(delivery)) {
        options.onOutcome?.('filtered');
        return;
      }
      waiting.push(delivery);
      waitingBytes += delivery.size;
      if (waiting.length > maxEvents || waitingBytes > maxBytes) {
        tooSlow = true;
        waiting = [];
        replayed = [];
        waitingBytes = 0;
        stopListening();
        options.onTooSlow?.();
      }
      wake?.();
    }) ?? (() => undefined);

  const finish = (): IteratorResult<T> => {
    done = true;
    stopListening();
    waiting = [];
    replayed = [];
    wake?.();
    return { value: undefined, done: true };
  };

  const take = (): LiveDelivery | undefined => {
    const fromReplay = replayed.shift();
    if (fromReplay !== undefined) return fromReplay;
    const next = waiting.shift();
    if (next !== undefined) waitingBytes -= next.size;
    return next;
  };

  const nextDelivery = async (): Promise<LiveDelivery | null> => {
    while (!done && !tooSlow && replayed.length === 0 && waiting.length === 0) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
    return done ? null : (take() ?? null);
  };

  const feed: LiveFeed<T> = {
    async resume(after: string): Promise<void> {
      lastCursor = after;
      const missed = (await context.live?.replay(after)) ?? [];
      const ids = new Set(missed.map((delivery) => delivery.event.eventId));
      replayedIds = ids;
      replayed = missed.filter((delivery) => !options.accepts || options.accepts(delivery));
      waiting = waiting.filter((delivery) => !ids.has(delivery.event.eventId));
      waitingBytes = waiting.reduce((sum, delivery) => sum + delivery.size, 0);
    },
    async next(): Promise<IteratorResult<T>> {
      for (;;) {
        const delivery = await nextDelivery();
        if (delivery === null) {
          if (tooSlow && !done) {
            finish();
            // The cursor of the last event it was given: what it resumes from.
            throw new SubscriberTooSlowError(lastCursor);
          }
          return { value: undefined, done: true };
        }
        try {
          adoptContext(context, await context.renew(delivery.deadline(EVENT_DEADLINE_MS)));
        } catch (error) {
          options.onOutcome?.('failed');
          options.onError?.(error);
          continue;
        }
        // The caller's right is checked again for every event: an expired or narrowed token
        // ends the subscription (with its code) rather than riding on the server key.
        const refusal = liveAccessRefusal(context.caller);
        if (refusal) {
          finish();
          throw refusal;
        }
        try {
          const picked = await options.pick(delivery, context);
          if (done) return { value: undefined, done: true };
          lastCursor = delivery.cursor;
          if ('value' in picked) {
            options.onOutcome?.('sent');
            return { value: picked.value, done: false };
          }
          options.onOutcome?.(picked.skip);
        } catch (error) {
          options.onOutcome?.('failed');
          options.onError?.(error);
        }
      }
    },
    return: () => Promise.resolve(finish()),
    throw: (error: unknown) => {
      finish();
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    },
    [Symbol.asyncIterator]() {
      return feed;
    },
  };
  return feed;
}
