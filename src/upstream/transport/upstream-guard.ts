import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CircuitState,
  ConsecutiveBreaker,
  DelegateBackoff,
  TaskCancelledError,
  bulkhead,
  circuitBreaker,
  handleWhen,
  retry,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { UpstreamError, UpstreamTimeoutError, UpstreamUnavailableError } from '../../errors';
import type { Logger } from '../../observability/logger';

export interface ResilienceOptions {
  /** Deadline of one HTTP attempt. */
  readonly attemptTimeoutMs: number;
  /** Deadline of one logical call: every attempt and every backoff fit in it. */
  readonly deadlineMs: number;
  /** Retries after the first attempt (idempotent reads only). */
  readonly retries: number;
  /** First backoff; doubles each retry, with jitter, capped at 2 s. */
  readonly retryBaseDelayMs: number;
  /** Consecutive failures that open the circuit. */
  readonly breakerThreshold: number;
  /** How long the circuit stays open before a half-open probe. */
  readonly breakerHalfOpenMs: number;
  /** Upstream requests in flight at once, per process. */
  readonly processConcurrency: number;
}

export type UpstreamMethod = 'GET' | 'DELETE' | 'POST';
export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
const MAX_BACKOFF_MS = 2_000;
const BREAKER_STATES: Readonly<Record<CircuitState, BreakerState>> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

/** Failures that say the upstream is unhealthy (not: 4xx, which are about the request). */
function isUpstreamFault(error: unknown): boolean {
  return (
    error instanceof UpstreamTimeoutError ||
    error instanceof UpstreamUnavailableError ||
    (error instanceof UpstreamError && error.upstreamStatus >= 500)
  );
}

/**
 * Reads retry on network errors and 429/502/503/504. A DELETE retries only when the upstream
 * provably did not act on it: refused connections and 429. Anything else (a reset mid-request, a
 * 503 from a proxy) is ambiguous, and a second DELETE would turn a success into NOT_FOUND.
 */
function isRetryable(method: UpstreamMethod, error: unknown): boolean {
  if (error instanceof UpstreamError) {
    return method === 'GET'
      ? RETRYABLE_STATUSES.has(error.upstreamStatus)
      : error.upstreamStatus === 429;
  }
  if (error instanceof UpstreamUnavailableError) return method === 'GET' || error.requestNotSent;
  return false;
}

/**
 * The resilience policies around every upstream call, one instance per upstream (per process):
 * a per-process concurrency cap, a circuit breaker that fails fast while the upstream is down,
 * and retries with jittered exponential backoff that honour Retry-After within the deadline.
 */
export class UpstreamGuard {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly processLimiter: BulkheadPolicy;

  constructor(
    private readonly options: ResilienceOptions,
    logger: Logger,
  ) {
    this.breaker = circuitBreaker(handleWhen(isUpstreamFault), {
      halfOpenAfter: options.breakerHalfOpenMs,
      breaker: new ConsecutiveBreaker(options.breakerThreshold),
    });
    this.breaker.onBreak(() => logger.warn('upstream circuit opened: failing fast'));
    this.breaker.onHalfOpen(() => logger.info('upstream circuit half-open: probing'));
    this.breaker.onReset(() => logger.info('upstream circuit closed'));
    this.processLimiter = bulkhead(options.processConcurrency, Number.MAX_SAFE_INTEGER);
  }

  get breakerState(): BreakerState {
    return BREAKER_STATES[this.breaker.state];
  }

  /** Runs one logical upstream call; `attempt` gets a signal that aborts at its own deadline. */
  async run<T>(method: UpstreamMethod, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const { attemptTimeoutMs, deadlineMs } = this.options;
    const deadline = AbortSignal.timeout(deadlineMs);
    const deadlineAt = Date.now() + deadlineMs;
    let retriesSoFar = 0;
    let nextDelayMs = 0;

    const retryPolicy = retry(
      handleWhen((error) => {
        if (!isRetryable(method, error)) return false;
        nextDelayMs = this.backoffFor(error, retriesSoFar);
        retriesSoFar += 1;
        // Leave the next attempt some time; a Retry-After past the deadline means give up now.
        return Date.now() + nextDelayMs + 50 < deadlineAt;
      }),
      { maxAttempts: this.options.retries, backoff: new DelegateBackoff(() => nextDelayMs) },
    );

    const once = async (): Promise<T> => {
      const signal = AbortSignal.any([deadline, AbortSignal.timeout(attemptTimeoutMs)]);
      try {
        return await attempt(signal);
      } catch (error) {
        if (!signal.aborted) throw error;
        throw new UpstreamTimeoutError(deadline.aborted ? deadlineMs : attemptTimeoutMs);
      }
    };

    try {
      return await retryPolicy.execute(
        () => this.breaker.execute(() => this.processLimiter.execute(once, deadline), deadline),
        deadline,
      );
    } catch (error) {
      throw translatePolicyError(error, deadlineMs);
    }
  }

  private backoffFor(error: unknown, retriesSoFar: number): number {
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

function translatePolicyError(error: unknown, deadlineMs: number): unknown {
  if (error instanceof BrokenCircuitError) {
    return new UpstreamUnavailableError(
      'the recordings API failed repeatedly; calls are paused briefly (circuit open)',
    );
  }
  if (error instanceof BulkheadRejectedError) {
    return new UpstreamUnavailableError('the gateway is at its upstream concurrency limit');
  }
  if (error instanceof TaskCancelledError) return new UpstreamTimeoutError(deadlineMs);
  return error;
}
