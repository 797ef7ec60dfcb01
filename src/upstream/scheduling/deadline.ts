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

  /**
   * A request's deadline, `afterMs` from now: one controller and one timer. `cancel()` aborts it
   * early (the client went away); `release()` ends it when the answer is sent, so no timer or
   * listener outlives the request.
   */
  static start(afterMs: number): { deadline: Deadline; cancel(): void; release(): void } {
    const controller = new AbortController();
    // Every call of a request listens to its deadline: hundreds of listeners are expected.
    setMaxListeners(0, controller.signal);
    const timer = setTimeout(() => {
      controller.abort();
    }, afterMs);
    timer.unref();
    return {
      deadline: new Deadline(Date.now() + afterMs, controller.signal),
      cancel: () => {
        clearTimeout(timer);
        controller.abort();
      },
      release: () => {
        clearTimeout(timer);
      },
    };
  }

  /** A deadline on its own (a call outside any request), cleared by its own timer. */
  static after(afterMs: number): Deadline {
    const signal = AbortSignal.timeout(afterMs);
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
