export interface RetryBudgetOptions {
  /** Retries allowed per first attempt, over the window (0.1: at most 10% extra traffic). */
  readonly ratio: number;
  /** Retries always allowed per second, so a quiet gateway can still retry. */
  readonly minPerSecond: number;
  readonly windowSeconds?: number;
  readonly now?: () => number;
}

/**
 * How many retries the gateway may add to the upstream's load: a share of the first attempts in
 * the last few seconds (Finagle's retry budget). When the upstream fails widely, retries stop
 * at the budget instead of multiplying the traffic that is already failing.
 */
export class RetryBudget {
  private readonly windowSeconds: number;
  private readonly now: () => number;
  /** Per-second buckets: [second, first attempts, retries]. */
  private readonly buckets: [number, number, number][] = [];

  constructor(private readonly options: RetryBudgetOptions) {
    this.windowSeconds = options.windowSeconds ?? 10;
    this.now = options.now ?? Date.now;
  }

  recordAttempt(): void {
    this.bucket()[1] += 1;
  }

  /** Spends one retry if the budget has one. */
  tryRetry(): boolean {
    const current = this.bucket();
    let attempts = 0;
    let retries = 0;
    for (const [, first, again] of this.buckets) {
      attempts += first;
      retries += again;
    }
    const allowed = attempts * this.options.ratio + this.options.minPerSecond * this.windowSeconds;
    if (retries + 1 > allowed) return false;
    current[2] += 1;
    return true;
  }

  private bucket(): [number, number, number] {
    const second = Math.floor(this.now() / 1000);
    while (this.buckets.length > 0 && (this.buckets[0]?.[0] ?? 0) <= second - this.windowSeconds) {
      this.buckets.shift();
    }
    const last = this.buckets.at(-1);
    if (last && last[0] === second) return last;
    const created: [number, number, number] = [second, 0, 0];
    this.buckets.push(created);
    return created;
  }
}
