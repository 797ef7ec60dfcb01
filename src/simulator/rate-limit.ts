/** The provider's per-key rate limit: `limit` requests per fixed window of `windowSeconds`. */
export interface SimulatorRateLimit {
  readonly limit: number;
  readonly windowSeconds: number;
}

export interface RateDecision {
  readonly allowed: boolean;
  /** The provider's headers: the limit in force, requests left, seconds until the reset. */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Fixed windows aligned to the clock, counted per key, as a provider's per-account limit: every
 * answer carries `x-ratelimit-limit`, `x-ratelimit-remaining` and `x-ratelimit-reset` (seconds
 * until the window resets, rounded up); past the limit the request is refused (429).
 */
export class RateLimitWindows {
  private readonly used = new Map<string, { window: number; count: number }>();

  constructor(
    private readonly rate: SimulatorRateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string): RateDecision {
    const windowMs = this.rate.windowSeconds * 1000;
    const now = this.now();
    const window = Math.floor(now / windowMs);
    let entry = this.used.get(key);
    if (!entry || entry.window !== window) {
      entry = { window, count: 0 };
      this.used.set(key, entry);
    }
    const allowed = entry.count < this.rate.limit;
    if (allowed) entry.count += 1;
    const resetMs = (window + 1) * windowMs - now;
    return {
      allowed,
      headers: {
        'x-ratelimit-limit': String(this.rate.limit),
        'x-ratelimit-remaining': String(Math.max(0, this.rate.limit - entry.count)),
        'x-ratelimit-reset': String(Math.max(1, Math.ceil(resetMs / 1000))),
      },
    };
  }
}
