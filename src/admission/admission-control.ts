import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface AdmissionOptions {
  /** Hard cap on GraphQL requests running at once (the adaptive limit stays below it). */
  readonly maxConcurrent: number;
  /** Upstream queueing delay (oldest call waiting for a slot) that means "saturated". */
  readonly targetQueueDelayMs: number;
  /** Event-loop delay (p99 over a tick) that means the CPU is the limit. */
  readonly maxEventLoopDelayMs: number;
  /** How long the oldest upstream call has been waiting for a slot, now. */
  readonly upstreamQueueDelayMs: () => number;
  /** Longest a request waits at the door for a place before it is shed (CoDel's target). */
  readonly queueTimeoutMs?: number;
  readonly initialLimit?: number;
  readonly minLimit?: number;
  /** How often the limit is adjusted. */
  readonly tickMs?: number;
  /** Event-loop delay source; measured in this process by default (tests pass their own). */
  readonly eventLoopDelayMs?: () => number;
}

export type AdmissionDecision =
  | { readonly admitted: true; readonly release: () => void }
  | { readonly admitted: false; readonly reason: 'saturated' | 'queue_timeout' | 'concurrency' };

const CONCURRENCY_REFUSAL: AdmissionDecision = { admitted: false, reason: 'concurrency' };
const SATURATED_REFUSAL: AdmissionDecision = { admitted: false, reason: 'saturated' };

interface Waiter {
  readonly resolve: (decision: AdmissionDecision) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * The front door: how many GraphQL requests run at once, sized to what the process and the
 * upstream can take right now (AIMD). Every tick the limit shrinks by a tenth when the event loop
 * lags (the CPU is the limit) or upstream calls queue for slots (the upstream is), and grows by
 * its square root when it was the binding constraint and neither signal fired (doubling until
 * the first overload, so a cold start reaches hundreds in half a second). Headroom left unused
 * decays to three times the peak, and the ramp from there doubles again. A request beyond

 * the limit waits briefly, newest first (adaptive LIFO: under overload the newest have the best
 * chance to finish in time), and is shed after `queueTimeoutMs` with 503 OVERLOADED, so the excess
 * is answered at once instead of joining a queue where it would miss its deadline.
 */
export class AdmissionControl {
  private running = 0;
  private peakRunning = 0;
  private estimate: number;
  /** Until the first sign of overload the limit doubles when it binds (TCP's slow start). */
  private slowStart = true;
  private readonly waiting: Waiter[] = [];
  private readonly loopDelay: IntervalHistogram | null;
  private readonly ticker: NodeJS.Timeout;
  private readonly minLimit: number;
  private readonly queueTimeoutMs: number;

  constructor(private readonly options: AdmissionOptions) {
    this.minLimit = Math.min(options.minLimit ?? 32, options.maxConcurrent);
    this.estimate = Math.min(options.initialLimit ?? 64, options.maxConcurrent);
    this.queueTimeoutMs = options.queueTimeoutMs ?? 20;
    this.loopDelay = options.eventLoopDelayMs ? null : monitorEventLoopDelay({ resolution: 10 });
    this.loopDelay?.enable();
    this.ticker = setInterval(() => this.adjust(), options.tickMs ?? 100);
    this.ticker.unref();
  }

  get inflight(): number {
    return this.running;
  }

  get limit(): number {
    return Math.min(this.options.maxConcurrent, Math.max(this.minLimit, Math.floor(this.estimate)));
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Admits now, after a short wait, or not at all. */
  admit(): Promise<AdmissionDecision> {
    const now = this.decideNow();
    if (now !== null) return Promise.resolve(now);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(() => {
          const index = this.waiting.indexOf(waiter);
          if (index >= 0) this.waiting.splice(index, 1);
          resolve({ admitted: false, reason: 'queue_timeout' });
        }, this.queueTimeoutMs),
      };
      this.waiting.push(waiter);
    });
  }

  /**
   * The decision when it needs no wait (admitted, or refused at once); null when the request
   * would wait for a place, which `admit` does. Most requests are decided here, in their tick.
   */
  decideNow(): AdmissionDecision | null {
    if (this.running < this.limit) return this.enter();
    if (this.running >= this.options.maxConcurrent) return CONCURRENCY_REFUSAL;
    // Only a short queue: what cannot start within the timeout is better refused now.
    if (this.waiting.length >= Math.ceil(this.limit / 4)) return SATURATED_REFUSAL;
    return null;
  }

  close(): void {
    clearInterval(this.ticker);
    this.loopDelay?.disable();
    for (const waiter of this.waiting.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.resolve({ admitted: false, reason: 'saturated' });
    }
  }

  private enter(): AdmissionDecision {
    this.running += 1;
    this.peakRunning = Math.max(this.peakRunning, this.running);
    let released = false;
    return {
      admitted: true,
      release: () => {
        if (released) return;
        released = true;
        this.running -= 1;
        this.next();
      },
    };
  }

  /** Newest first. */
  private next(): void {
    while (this.running < this.limit && this.waiting.length > 0) {
      const waiter = this.waiting.pop();
      if (!waiter) return;
      clearTimeout(waiter.timer);
      waiter.resolve(this.enter());
    }
  }

  private adjust(): void {
    const loopDelayMs =
      this.options.eventLoopDelayMs?.() ?? (this.loopDelay?.percentile(99) ?? 0) / 1e6;
    this.loopDelay?.reset();
    // Only admitted work counts against the limit: when most of the load is refusals (clients
    // that retry at once), shrinking the limit would refuse more and help nobody.
    const busy = this.peakRunning >= this.limit / 2;
    const overloaded =
      busy &&
      (loopDelayMs > this.options.maxEventLoopDelayMs ||
        this.options.upstreamQueueDelayMs() > this.options.targetQueueDelayMs);
    if (overloaded) {
      this.slowStart = false;
      this.estimate = Math.max(this.minLimit, this.estimate * 0.9);
    } else if (this.peakRunning >= this.limit * 0.9 || this.waiting.length > 0) {
      const step = this.slowStart ? this.estimate : Math.sqrt(this.estimate);
      this.estimate = Math.min(this.options.maxConcurrent, this.estimate + step);
    } else if (this.peakRunning < this.limit / 2) {
      // Headroom nobody uses decays, to three times the peak (still not "busy"): a limit grown
      // under cheap requests must not let a burst of costly ones all in at once (a 512 left by
      // reads by id admitted 400 pages of 21 calls each: three seconds of upstream queue). As
      // TCP does after idle, the ramp from there doubles again until the next overload.
      const floor = Math.max(this.minLimit, 3 * this.peakRunning);
      if (this.estimate > floor) {
        this.estimate = Math.max(floor, this.estimate * 0.9);
        this.slowStart = true;
      }
    }

    this.peakRunning = this.running;
    this.next();
  }
}
