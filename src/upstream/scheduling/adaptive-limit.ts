export interface AdaptiveLimitOptions {
  readonly initial: number;
  readonly min: number;
  readonly max: number;
  /** How much of each new estimate is taken (0..1). */
  readonly smoothing?: number;
  /** Latency may grow by this factor over its long-run average before the limit shrinks. */
  readonly tolerance?: number;
  /** The factor applied on a drop (a 429 or 503, a timeout on the wire). */
  readonly backoff?: number;
}

/**
 * How many upstream requests may be in flight, sized to the upstream rather than fixed: the
 * gradient of Netflix's concurrency-limits (Gradient2). While the round trip stays near its
 * long-run average the limit grows by about its square root per sample, so it reaches the
 * hundreds an internet latency needs in a second or two; when the round trip grows (the upstream
 * queues) the limit shrinks in proportion, and a drop cuts it by `backoff`. Samples taken while
 * less than half the limit is in use do not grow it (the upstream was not the constraint).
 * Until the first sign of trouble (a drop, or a round trip past the tolerance) the limit is
 * `growing`: calls that queue meanwhile wait for a limit that is still young, not for a full
 * upstream, and the front door does not shed on them.
 */
export class AdaptiveLimit {
  private estimate: number;
  private longRtt = 0;
  private samples = 0;
  private readonly smoothing: number;
  private readonly tolerance: number;
  private readonly backoff: number;
  /** No drop and no slow round trip seen yet. */
  private slowStart = true;

  constructor(private readonly options: AdaptiveLimitOptions) {
    this.estimate = options.initial;
    this.smoothing = options.smoothing ?? 0.2;
    this.tolerance = options.tolerance ?? 2;
    this.backoff = options.backoff ?? 0.9;
  }

  get limit(): number {
    return Math.max(this.options.min, Math.floor(this.estimate));
  }

  /** Still ramping up to a demand the upstream has shown no sign of refusing. */
  get growing(): boolean {
    return this.slowStart && this.estimate < this.options.max;
  }

  /** A round trip measured on the wire (the slot was held, so queueing is not in it). */
  onSample(rttMs: number, inflight: number): void {
    const rtt = Math.max(rttMs, 0.1);
    this.samples += 1;
    // Long-run average over ~600 samples (faster while warming up); it follows a latency drop
    // quickly so that one slow period does not hold the limit down.
    const window = Math.min(this.samples, 600);
    this.longRtt = this.longRtt === 0 ? rtt : this.longRtt + (rtt - this.longRtt) / window;
    if (this.longRtt > rtt * 2) this.longRtt *= 0.95;
    if (inflight < this.estimate / 2) return;
    const gradient = Math.max(0.5, Math.min(1, (this.tolerance * this.longRtt) / rtt));
    if (gradient < 1) this.slowStart = false;
    const next = this.estimate * gradient + Math.sqrt(this.estimate);
    this.estimate = this.clamp(this.estimate * (1 - this.smoothing) + next * this.smoothing);
  }

  /** The upstream said "too much" (429, 503) or a request timed out on the wire. */
  onDrop(): void {
    this.slowStart = false;

    this.estimate = this.clamp(this.estimate * this.backoff);
  }

  private clamp(value: number): number {
    return Math.min(this.options.max, Math.max(this.options.min, value));
  }
}
