import { setMaxListeners } from 'node:events';

/**
 * When a GraphQL request must be answered by: every upstream call it makes inherits it, so time
 * spent waiting in a queue counts, a call that cannot start in time fails at once, and when it
 * passes, what is still running is cancelled (the signal aborts).
 */
export class Deadline {
  private constructor(
    /** Epoch milliseconds. */
    readonly at: number,
    readonly signal: AbortSignal,
  ) {}

  /** Aborts `afterMs` from now, or earlier when `cancel` aborts (the client went away). */
  static after(afterMs: number, cancel?: AbortSignal): Deadline {
    const timeout = AbortSignal.timeout(afterMs);
    const signal = cancel ? AbortSignal.any([timeout, cancel]) : timeout;
    // Every call of a request listens to its deadline: hundreds of listeners are expected.
    setMaxListeners(0, signal);
    return new Deadline(Date.now() + afterMs, signal);
  }

  /** The earlier of this deadline and `afterMs` from now (a per-call cap). */
  capped(afterMs: number): Deadline {
    if (Date.now() + afterMs >= this.at) return this;
    const signal = AbortSignal.any([this.signal, AbortSignal.timeout(afterMs)]);
    setMaxListeners(0, signal);
    return new Deadline(Date.now() + afterMs, signal);
  }

  remainingMs(now = Date.now()): number {
    return this.signal.aborted ? 0 : Math.max(0, this.at - now);
  }
}
