import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface AdmissionOptions {
  /** GraphQL requests running at once; beyond, shed. */
  readonly maxConcurrent: number;
  /** Upstream queueing delay that, sustained for `intervalMs`, means "saturated". */
  readonly targetQueueDelayMs: number;
  readonly intervalMs?: number;
  /** Event-loop delay (p99 over the last half second) that means the CPU is saturated. */
  readonly maxEventLoopDelayMs: number;
  /** How long the oldest upstream call has been waiting for a slot, now. */
  readonly upstreamQueueDelayMs: () => number;
  readonly now?: () => number;
}

export type AdmissionDecision =
  | { readonly admitted: true; readonly release: () => void }
  | { readonly admitted: false; readonly reason: 'concurrency' | 'upstream_queue' | 'event_loop' };

/**
 * The front door. When the gateway is saturated, a new GraphQL request is refused at once (503,
 * OVERLOADED, Retry-After) instead of joining a queue where it would miss its deadline and slow
 * every request admitted before it. Saturation is read CoDel-style: the upstream queueing delay
 * (how long the oldest call has waited for a slot) staying above the target for a whole interval
 * (a burst that drains is fine), the event loop lagging (the CPU is the limit), or the hard cap
 * on running requests. Health, metrics and webhooks do not pass through here.
 */
export class AdmissionControl {
  private running = 0;
  private aboveSince: number | null = null;
  private readonly loopDelay: IntervalHistogram;
  private loopP99Ms = 0;
  private readonly sampler: NodeJS.Timeout;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(private readonly options: AdmissionOptions) {
    this.intervalMs = options.intervalMs ?? 100;
    this.now = options.now ?? Date.now;
    this.loopDelay = monitorEventLoopDelay({ resolution: 10 });
    this.loopDelay.enable();
    this.sampler = setInterval(() => {
      this.loopP99Ms = this.loopDelay.percentile(99) / 1e6;
      this.loopDelay.reset();
    }, 500);
    this.sampler.unref();
  }

  get inflight(): number {
    return this.running;
  }

  admit(): AdmissionDecision {
    if (this.running >= this.options.maxConcurrent)
      return { admitted: false, reason: 'concurrency' };
    if (this.upstreamSaturated()) return { admitted: false, reason: 'upstream_queue' };
    if (this.loopP99Ms > this.options.maxEventLoopDelayMs) {
      return { admitted: false, reason: 'event_loop' };
    }
    this.running += 1;
    let released = false;
    return {
      admitted: true,
      release: () => {
        if (released) return;
        released = true;
        this.running -= 1;
      },
    };
  }

  close(): void {
    clearInterval(this.sampler);
    this.loopDelay.disable();
  }

  private upstreamSaturated(): boolean {
    const delay = this.options.upstreamQueueDelayMs();
    if (delay < this.options.targetQueueDelayMs) {
      this.aboveSince = null;
      return false;
    }
    const now = this.now();
    this.aboveSince ??= now;
    return now - this.aboveSince >= this.intervalMs;
  }
}
