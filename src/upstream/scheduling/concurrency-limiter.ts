import { OverloadedError } from '../../errors';
import type { AdaptiveLimit } from './adaptive-limit';
import type { Deadline } from './deadline';

/** What became of a call that held a slot, for the limit to learn from. */
export type SlotOutcome =
  | { readonly kind: 'sample'; readonly rttMs: number }
  | { readonly kind: 'drop' }
  /** Told nothing about the upstream (cancelled by our own deadline, refused locally). */
  | { readonly kind: 'ignore' };

export interface Slot {
  release(outcome: SlotOutcome): void;
}

interface Waiter {
  readonly deadline: Deadline;
  readonly since: number;
  readonly grant: (slot: Slot) => void;
  readonly fail: (error: Error) => void;
  done: boolean;
}

/** A slot held by one call; releasing it twice counts once. */
class HeldSlot implements Slot {
  private released = false;

  constructor(private readonly settle: (outcome: SlotOutcome) => void) {}

  release(outcome: SlotOutcome): void {
    if (this.released) return;
    this.released = true;
    this.settle(outcome);
  }
}

/** Below this much time left, a call would only start to be cancelled: fail it now. */
const MIN_USEFUL_MS = 5;

/**
 * Upstream requests in flight, under an adaptive limit. Waiting calls are served earliest deadline
 * first, so requests that have waited longest finish instead of all finishing late; a call whose
 * request deadline passes while it waits fails at once (OVERLOADED), and is never sent. The age of
 * the oldest waiter is the gateway's queueing delay: the front door sheds new requests on it.
 */
export class ConcurrencyLimiter {
  private inflightCount = 0;
  private readonly queue: Waiter[] = [];

  constructor(
    private readonly limit: AdaptiveLimit,
    private readonly now: () => number = Date.now,
  ) {}

  get inflight(): number {
    return this.inflightCount;
  }

  get queued(): number {
    return this.queue.length;
  }

  get currentLimit(): number {
    return this.limit.limit;
  }

  /** The limit is still ramping up: calls queue because it is young, not because the upstream is full. */
  get growing(): boolean {
    return this.limit.growing;
  }

  /** How long the oldest waiting call has waited, in ms; 0 when nothing waits. */
  queueDelayMs(): number {
    let oldest = Infinity;
    for (const waiter of this.queue) if (!waiter.done) oldest = Math.min(oldest, waiter.since);
    return oldest === Infinity ? 0 : this.now() - oldest;
  }

  /** A slot now, when one is free and nothing waits; null otherwise (then `acquire`). */
  take(deadline: Deadline): Slot | null {
    if (this.inflightCount >= this.limit.limit || this.queue.length > 0) return null;
    if (deadline.remainingMs(this.now()) < MIN_USEFUL_MS) return null;
    return this.occupy();
  }

  acquire(deadline: Deadline): Promise<Slot> {
    if (deadline.remainingMs(this.now()) < MIN_USEFUL_MS) {
      return Promise.reject(
        new OverloadedError('The request ran out of time before this call could start.'),
      );
    }
    if (this.inflightCount < this.limit.limit && this.queue.length === 0) {
      return Promise.resolve(this.occupy());
    }
    return new Promise<Slot>((grant, fail) => {
      const waiter: Waiter = { deadline, since: this.now(), grant, fail, done: false };
      this.insert(waiter);
      deadline.signal.onAbort(() => {
        if (waiter.done) return;
        waiter.done = true;
        this.remove(waiter);
        fail(new OverloadedError('The request ran out of time before this call could start.'));
      });
    });
  }

  private occupy(): Slot {
    this.inflightCount += 1;
    return new HeldSlot(this.settle);
  }

  private readonly settle = (outcome: SlotOutcome): void => {
    if (outcome.kind === 'sample') this.limit.onSample(outcome.rttMs, this.inflightCount);
    else if (outcome.kind === 'drop') this.limit.onDrop();
    this.inflightCount -= 1;
    this.drain();
  };

  private drain(): void {
    while (this.inflightCount < this.limit.limit && this.queue.length > 0) {
      const next = this.queue.shift();
      if (!next || next.done) continue;
      next.done = true;
      next.grant(this.occupy());
    }
  }

  /** Earliest deadline first; equal deadlines in arrival order. */
  private insert(waiter: Waiter): void {
    let index = this.queue.length;
    while (index > 0 && (this.queue[index - 1]?.deadline.at ?? 0) > waiter.deadline.at) index -= 1;
    this.queue.splice(index, 0, waiter);
  }

  private remove(waiter: Waiter): void {
    const index = this.queue.indexOf(waiter);
    if (index >= 0) this.queue.splice(index, 1);
  }
}
