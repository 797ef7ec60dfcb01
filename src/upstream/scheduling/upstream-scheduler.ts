import {
  OverloadedError,
  UpstreamError,
  UpstreamRateLimitedError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from '../../errors';
import type { Logger } from '../../observability/logger';
import { CircuitBreaker, type BreakerOptions, type BreakerState } from './circuit-breaker';
import type { ConcurrencyLimiter, Slot, SlotOutcome } from './concurrency-limiter';
import type { Deadline, DeadlineSignal } from './deadline';
import type { RatePacer } from './rate-pacer';
import type { RetryBudget } from './retry-budget';

export type UpstreamMethod = 'GET' | 'DELETE' | 'POST';

export interface SchedulerOptions {
  /** Deadline of one HTTP attempt, counted from when it is on the wire. */
  readonly attemptTimeoutMs: number;
  /** Retries after the first attempt (reads; writes only when provably not sent, or 429). */
  readonly retries: number;
  /** First backoff; doubles each retry, with jitter, capped at 2 s. */
  readonly retryBaseDelayMs: number;
  readonly breaker: BreakerOptions;
  readonly limiter: ConcurrencyLimiter;
  readonly pacer: RatePacer;
  readonly retryBudget: RetryBudget;
  readonly logger: Logger;
  readonly now?: () => number;
}

export interface ScheduledCall {
  readonly method: UpstreamMethod;
  /** The pacing key of the credential the call is made with. */
  readonly paceKey: string;
  readonly deadline: Deadline;
}

/**
 * One HTTP attempt: it gets the signal that cancels it (on-wire timeout or the request's deadline)
 * and reports the answer's status and headers, so the pacer learns from every answer.
 */
export type Attempt<T> = (
  signal: DeadlineSignal,
  answered: (
    status: number,
    headers: Readonly<Record<string, string | string[] | undefined>>,
  ) => void,
  /** How long the attempt may take once on the wire; past it, it throws UpstreamTimeoutError. */
  timeoutMs: number,
  /** How long it waited for the rate pacer and a concurrency slot (0 on the fast path). */
  queuedMs: number,
  /** Retries of this call before this attempt. */
  resends: number,
) => Promise<T>;

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
const MAX_BACKOFF_MS = 2_000;
/** A retry needs at least this much time left to be worth sending. */
const MIN_ATTEMPT_MS = 50;

/** The request's own deadline cut an attempt short: not the upstream's fault. */
class CancelledByDeadline extends Error {}
const notStarted = (): OverloadedError =>
  new OverloadedError('The request ran out of time before this call could start.');

/** Failures the upstream caused: on-wire timeouts, unreachable, 5xx. Never local waits or 4xx. */
function isUpstreamFault(error: unknown): boolean {
  return (
    error instanceof UpstreamTimeoutError ||
    error instanceof UpstreamUnavailableError ||
    (error instanceof UpstreamError && error.upstreamStatus >= 500)
  );
}

/**
 * Reads retry on network errors and 429/502/503/504. A DELETE or POST retries only when the
 * upstream provably did not act on it: refused connections and 429.
 */
function isRetryable(method: UpstreamMethod, error: unknown): boolean {
  if (error instanceof UpstreamRateLimitedError) return true;
  if (error instanceof UpstreamError) {
    return method === 'GET' && RETRYABLE_STATUSES.has(error.upstreamStatus);
  }
  if (error instanceof UpstreamUnavailableError) return method === 'GET' || error.requestNotSent;
  return false;
}

/** What the adaptive limit learns from a call that held a slot. */
function slotOutcome(error: unknown, rttMs: number): SlotOutcome {
  if (error instanceof CancelledByDeadline || error instanceof OverloadedError) {
    return { kind: 'ignore' };
  }
  if (
    error instanceof UpstreamTimeoutError ||
    error instanceof UpstreamRateLimitedError ||
    error instanceof UpstreamUnavailableError ||
    (error instanceof UpstreamError &&
      (error.upstreamStatus === 503 || error.upstreamStatus === 429))
  ) {
    return { kind: 'drop' };
  }
  return { kind: 'sample', rttMs };
}

/** Waits, unless the signal aborts first (then resolves false). */
function pause(ms: number, signal: DeadlineSignal): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(!signal.aborted);
  return new Promise((resolve) => {
    const aborted = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.onAbort(aborted);
    const timer = setTimeout(() => {
      signal.offAbort(aborted);
      resolve(true);
    }, ms);
  });
}

/**
 * Every upstream call goes through here, in this order: the provider's rate limit (paced per
 * key), a slot under the adaptive concurrency limit (waiting counts against the request's
 * deadline), the circuit breaker, then the attempt, whose timeout starts on the wire. Retries are
 * jittered, honour Retry-After, stay within the deadline and a budget, and never go into a
 * spent rate window (they wait in the pacer, or fail at once).
 */
export class UpstreamScheduler {
  private readonly breaker: CircuitBreaker;
  private readonly now: () => number;

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? Date.now;
    const { logger } = options;
    this.breaker = new CircuitBreaker(options.breaker, {
      onBreak: () => logger.warn('upstream circuit opened: failing fast'),
      onHalfOpen: () => logger.info('upstream circuit half-open: probing'),
      onReset: () => logger.info('upstream circuit closed'),
    });
  }

  get breakerState(): BreakerState {
    return this.breaker.state;
  }

  /** An answer that did not go through `run` (the readiness probe) still teaches the pacer. */
  observe(
    paceKey: string,
    status: number,
    headers: Readonly<Record<string, string | string[] | undefined>>,
  ): Promise<void> {
    return this.options.pacer.observe(paceKey, status, headers);
  }

  /**
   * The first attempt's promise, with the retries behind it only when it fails: no async frame
   * waits beside every call on the wire.
   */
  run<T>(call: ScheduledCall, attempt: Attempt<T>): Promise<T> {
    this.options.retryBudget.recordAttempt();
    return this.once(call, attempt).catch((error: unknown) => this.retry(call, attempt, error));
  }

  private async retry<T>(call: ScheduledCall, attempt: Attempt<T>, failure: unknown): Promise<T> {
    let error = failure;
    for (let retry = 0; ; retry += 1) {
      if (retry >= this.options.retries || !isRetryable(call.method, error)) throw error;
      // A spent rate window is waited out in the pacer, or refused there: no backoff here.
      const delayMs = error instanceof UpstreamRateLimitedError ? 0 : this.backoff(error, retry);
      if (call.deadline.remainingMs(this.now()) < delayMs + MIN_ATTEMPT_MS) throw error;
      if (!this.options.retryBudget.tryRetry()) throw error;
      if (!(await pause(delayMs, call.deadline.signal))) throw error;
      try {
        return await this.once(call, attempt, retry + 1);
      } catch (next) {
        error = next;
      }
    }
  }

  /**
   * One attempt: paced, then a slot, then the breaker. When nothing needs pacing and a slot is
   * free (most calls) the attempt starts in this tick, without a promise per step.
   */
  private once<T>(call: ScheduledCall, attempt: Attempt<T>, resends = 0): Promise<T> {
    const { pacer, limiter } = this.options;
    // Cancelled already (the client left, or the deadline passed): nothing goes out.
    if (call.deadline.signal.aborted) return Promise.reject(notStarted());
    if (pacer.goesAtOnce(call.paceKey)) {
      const slot = limiter.take(call.deadline);
      if (slot) return this.onWire(call, attempt, slot, 0, resends);
    }
    return this.afterWaiting(call, attempt, resends);
  }

  private async afterWaiting<T>(
    call: ScheduledCall,
    attempt: Attempt<T>,
    resends: number,
  ): Promise<T> {
    const { pacer, limiter } = this.options;
    const { deadline, paceKey } = call;
    const waitFrom = performance.now();
    const pace = await pacer.reserve(paceKey, deadline.remainingMs(this.now()) - MIN_ATTEMPT_MS);
    if (!pace.ok) throw new UpstreamRateLimitedError(pace.retryAfterMs / 1000);
    if (!(await pause(pace.waitMs, deadline.signal))) throw notStarted();
    const slot = await limiter.acquire(deadline);
    return this.onWire(call, attempt, slot, performance.now() - waitFrom, resends);
  }

  /** The attempt itself, holding a slot; its own timeout is the HTTP client's, on the wire. */
  private async onWire<T>(
    call: ScheduledCall,
    attempt: Attempt<T>,
    slot: Slot,
    queuedMs: number,
    resends: number,
  ): Promise<T> {
    const { pacer, attemptTimeoutMs } = this.options;
    const { deadline, paceKey } = call;
    const ticket = this.breaker.admit();
    if (ticket === null) {
      // Refused before it was sent: nothing for the limit or the breaker to learn.
      slot.release({ kind: 'ignore' });
      pacer.settle(paceKey);
      throw new UpstreamUnavailableError(
        'the recordings API failed repeatedly; calls are paused briefly (circuit open)',
      );
    }
    const started = this.now();
    const seen = { answered: false };
    try {
      const value = await attempt(
        deadline.signal,
        (status, headers) => {
          seen.answered = true;
          void pacer.observe(paceKey, status, headers);
        },
        attemptTimeoutMs,
        queuedMs,
        resends,
      );
      this.breaker.succeeded(ticket);
      slot.release({ kind: 'sample', rttMs: this.now() - started });
      return value;
    } catch (thrown) {
      const error = deadline.signal.aborted ? new CancelledByDeadline() : thrown;
      if (isUpstreamFault(error)) this.breaker.faulted(ticket);
      else if (error instanceof CancelledByDeadline) this.breaker.abandoned(ticket);
      else this.breaker.succeeded(ticket);
      slot.release(slotOutcome(error, this.now() - started));
      if (!seen.answered) pacer.settle(paceKey);
      throw this.translate(error, deadline);
    }
  }

  private translate(error: unknown, deadline: Deadline): unknown {
    if (error instanceof CancelledByDeadline) {
      return new UpstreamTimeoutError(
        Math.max(0, deadline.at - this.now()),
        'The request’s deadline passed while the recordings API was answering.',
      );
    }
    return error;
  }

  private backoff(error: unknown, retriesSoFar: number): number {
    const exponential = Math.min(MAX_BACKOFF_MS, this.options.retryBaseDelayMs * 2 ** retriesSoFar);
    // Equal jitter: half fixed, half random, so retries from many requests spread out.
    const jittered = exponential / 2 + (Math.random() * exponential) / 2;
    const retryAfterMs =
      error instanceof UpstreamError && error.retryAfterSeconds !== undefined
        ? error.retryAfterSeconds * 1000
        : 0;
    return Math.max(retryAfterMs, jittered);
  }
}
