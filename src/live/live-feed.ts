import { liveAccessRefusal } from '../auth/live-access';
import { adoptContext, type GatewayContext } from '../context';
import { ErrorCode, GatewayError } from '../errors';
import { startEventSpan, type EventTrace } from '../observability/tracing';
import type { FeedOutcome } from './feed-outcome';
import type { LiveDelivery } from './live-event';

/** How long the reads one event causes may take. */
const EVENT_DEADLINE_MS = 10_000;

/**
 * Events read ahead of the one being delivered. Each event's read waits on the provider (100-200
 * ms away on the internet); one at a time, a subscription could not follow more than a handful of
 * events a second however idle the gateway. The reads of events already waiting overlap, and the
 * results still go out in order.
 */
const READ_AHEAD = 16;

type Prepared<T> =
  | {
      readonly kind: 'picked';
      readonly picked: Picked<T>;
      readonly fresh: GatewayContext;
      /** The event's span (tracing on only), ended once its result went out. */
      readonly span: EventTrace | undefined;
    }
  | { readonly kind: 'refused'; readonly error: GatewayError }
  | { readonly kind: 'failed'; readonly error: unknown };

type Picked<T> = { readonly value: T } | { readonly skip: 'filtered' | 'not_visible' };

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

/** The stable code of a failed read, for its span (never its message). */
function errorCode(error: unknown): string {
  return error instanceof GatewayError ? error.code : 'INTERNAL_SERVER_ERROR';
}

export interface LiveFeedOptions<T> {
  /** The subscription field (`recordingSaved`) and operation name: the event span's name. */
  readonly field: string;
  readonly operationName?: string | undefined;
  /** A first look at the event alone: false skips it before it waits, before any read. */
  readonly accepts?: (delivery: LiveDelivery) => boolean;
  /**
   * The subscriber's view of an event, read through `context` (fresh for this event): the value
   * to send, or why not.
   */
  readonly pick: (delivery: LiveDelivery, context: GatewayContext) => Promise<Picked<T>>;
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
  /** Events taken from the queue whose reads have started, in order. */
  let ahead: { readonly delivery: LiveDelivery; readonly prepared: Promise<Prepared<T>> }[] = [];
  // The span of the event last handed out (tracing on only): it ends when the transport asks for
  // the next, so it covers the reads, the execution and the send.
  let span: EventTrace | undefined;
  const endSpan = (): void => {
    span?.end();
    span = undefined;
  };

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
    endSpan();
    stopListening();
    waiting = [];
    replayed = [];
    for (const { prepared } of ahead) {
      void prepared.then((outcome) => {
        if (outcome.kind === 'picked') outcome.span?.end();
      });
    }
    ahead = [];
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

  /** One event's read, in a context of its own: renewed (with its own deadline), checked, picked. */
  const prepare = async (delivery: LiveDelivery): Promise<Prepared<T>> => {
    // Undefined without tracing; the event's reads (through the renewed context) are its children.
    const eventSpan = startEventSpan(delivery.trace, options.field, options.operationName);
    const failed = (error: unknown): Prepared<T> => {
      eventSpan?.outcome('failed', errorCode(error));
      eventSpan?.end();
      return { kind: 'failed', error };
    };
    let fresh: GatewayContext;
    try {
      fresh = await context.renew(delivery.deadline(EVENT_DEADLINE_MS), eventSpan);
    } catch (error) {
      return failed(error);
    }
    // The caller's right is checked again for every event: an expired or narrowed token
    // ends the subscription (with its code) rather than riding on the server key.
    const refusal = liveAccessRefusal(fresh.caller);
    if (refusal) {
      eventSpan?.outcome('refused', refusal.code);
      eventSpan?.end();
      return { kind: 'refused', error: refusal };
    }
    try {
      const picked = await options.pick(delivery, fresh);
      return { kind: 'picked', picked, fresh, span: eventSpan };
    } catch (error) {
      return failed(error);
    }
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
      endSpan();
      for (;;) {
        if (ahead.length === 0) {
          const delivery = await nextDelivery();
          if (delivery === null) {
            if (tooSlow && !done) {
              finish();
              // The cursor of the last event it was given: what it resumes from.
              throw new SubscriberTooSlowError(lastCursor);
            }
            return { value: undefined, done: true };
          }
          ahead.push({ delivery, prepared: prepare(delivery) });
        }
        while (ahead.length < READ_AHEAD && !done && !tooSlow) {
          const delivery = take();
          if (delivery === undefined) break;
          ahead.push({ delivery, prepared: prepare(delivery) });
        }
        const first = ahead.shift();
        if (first === undefined) continue;
        const outcome = await first.prepared;
        if (done) {
          if (outcome.kind === 'picked') outcome.span?.end();
          return { value: undefined, done: true };
        }
        if (outcome.kind === 'failed') {
          options.onOutcome?.('failed');
          options.onError?.(outcome.error);
          continue;
        }
        if (outcome.kind === 'refused') {
          finish();
          throw outcome.error;
        }
        // The fields below the event resolve through the loaders its own read used.
        adoptContext(context, outcome.fresh);
        lastCursor = first.delivery.cursor;
        if ('value' in outcome.picked) {
          span = outcome.span;
          span?.outcome('sent');
          options.onOutcome?.('sent');
          return { value: outcome.picked.value, done: false };
        }
        outcome.span?.outcome(outcome.picked.skip);
        outcome.span?.end();
        options.onOutcome?.(outcome.picked.skip);
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
