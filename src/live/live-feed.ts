import { liveAccessRefusal } from '../auth/live-access';
import { adoptContext, type GatewayContext } from '../context';
import type { LiveDelivery } from './live-event';

/** Events waiting for a slow subscriber at most; older ones are dropped (and counted). */
const MAX_WAITING = 100;

/** What became of one event for one subscriber. */
export type FeedOutcome = 'sent' | 'filtered' | 'not_visible' | 'failed';

/** How long the reads one event causes may take. */
const EVENT_DEADLINE_MS = 10_000;

export interface LiveFeedOptions<T> {
  /** A first look at the event alone: false skips it before any context or read is made. */
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
  readonly onError?: (error: unknown) => void;
}

/**
 * One subscription's events as an async iterator. Deliveries queue as they arrive; each is read
 * only when the transport asks for the next value (after the previous one went out), with the
 * subscription's context renewed first, so no two events ever share loaders or a deadline. A
 * `return()` (the client unsubscribed, the socket closed) ends it at once, even mid-wait.
 */
export function liveFeed<T>(
  context: GatewayContext,
  options: LiveFeedOptions<T>,
): AsyncIterableIterator<T> {
  const waiting: LiveDelivery[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  const stopListening =
    context.live?.listen((delivery) => {
      if (done) return;
      waiting.push(delivery);
      if (waiting.length > MAX_WAITING) {
        waiting.shift();
        options.onOutcome?.('failed');
      }
      wake?.();
    }) ?? (() => undefined);

  const finish = (): IteratorResult<T> => {
    done = true;
    stopListening();
    waiting.length = 0;
    wake?.();
    return { value: undefined, done: true };
  };

  const nextDelivery = async (): Promise<LiveDelivery | null> => {
    while (!done && waiting.length === 0) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
    return done ? null : (waiting.shift() ?? null);
  };

  const iterator: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      for (;;) {
        const delivery = await nextDelivery();
        if (delivery === null) return { value: undefined, done: true };
        if (options.accepts && !options.accepts(delivery)) {
          options.onOutcome?.('filtered');
          continue;
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
      return iterator;
    },
  };
  return iterator;
}
