type AbortListener = () => void;

/**
 * What a deadline's calls listen to: it aborts when the deadline passes or its request is
 * cancelled. A plain list of listeners: every upstream call of every request listens while it is
 * on the wire, and an EventEmitter's `once` costs a state object and a bound wrapper each time,
 * which live as long as the call (hundreds at once at internet latency).
 */
export class DeadlineSignal {
  aborted = false;
  /** Why it aborted; a call rejects with it (undici's own abort error when undefined). */
  reason: unknown = undefined;
  // Made on the first listener, sized to it (an empty array's first push reserves 17 slots).
  private listeners: AbortListener[] | null = null;

  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const heard = this.listeners;
    this.listeners = null;
    if (heard) for (const listener of heard) listener();
  }

  /** Calls `listener` once, when (or at once if) it aborts. */
  onAbort(listener: AbortListener): void {
    if (this.aborted) listener();
    else if (this.listeners) this.listeners.push(listener);
    else this.listeners = [listener];
  }

  /** Stops listening: the call `listener` was for ended first. */
  offAbort(listener: AbortListener): void {
    const at = this.listeners?.lastIndexOf(listener) ?? -1;
    if (at >= 0) this.listeners?.splice(at, 1);
  }

  /** Listeners still waiting (for tests: a finished call must not be one). */
  get listenerCount(): number {
    return this.listeners?.length ?? 0;
  }
}

function abortSignal(signal: DeadlineSignal): void {
  signal.abort();
}

/** A signal that aborts by itself after `afterMs`, and with `parent` if one is given. */
function timedSignal(afterMs: number, parent?: DeadlineSignal): DeadlineSignal {
  const signal = new DeadlineSignal();
  const followParent = (): void => {
    clearTimeout(timer);
    signal.abort(parent?.reason);
  };
  parent?.onAbort(followParent);
  const timer = setTimeout(() => {
    parent?.offAbort(followParent);
    signal.abort();
  }, afterMs);
  timer.unref();
  return signal;
}

/**
 * A request's deadline and the timer that ends it: `cancel()` aborts it early (the client went
 * away), `release()` ends it when the answer is sent, so no timer outlives the request.
 */
export class RequestDeadline {
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly deadline: Deadline,
    afterMs: number,
  ) {
    this.timer = setTimeout(abortSignal, afterMs, deadline.signal);
    this.timer.unref();
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.deadline.signal.abort();
  }

  release(): void {
    clearTimeout(this.timer);
  }
}

/**
 * When a GraphQL request must be answered by: every upstream call it makes inherits it, so time
 * spent waiting in a queue counts, a call that cannot start in time fails at once, and when it
 * passes, what is still running is cancelled (the signal aborts).
 */
export class Deadline {
  private constructor(
    /** Epoch milliseconds. */
    readonly at: number,
    readonly signal: DeadlineSignal,
  ) {}

  /** A request's deadline, `afterMs` from now: one signal and one timer. */
  static start(afterMs: number): RequestDeadline {
    return new RequestDeadline(new Deadline(Date.now() + afterMs, new DeadlineSignal()), afterMs);
  }

  /** A deadline on its own (a call outside any request), cleared by its own timer. */
  static after(afterMs: number): Deadline {
    return new Deadline(Date.now() + afterMs, timedSignal(afterMs));
  }

  /** The earlier of this deadline and `afterMs` from now (a per-call cap). */
  capped(afterMs: number): Deadline {
    if (Date.now() + afterMs >= this.at) return this;
    return new Deadline(Date.now() + afterMs, timedSignal(afterMs, this.signal));
  }

  remainingMs(now = Date.now()): number {
    return this.signal.aborted ? 0 : Math.max(0, this.at - now);
  }
}
