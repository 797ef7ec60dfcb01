/**
 * At most one log line per key per interval: a refusal or failure that repeats with every request
 * is worth knowing once, not once per request. Returns how many were held back since the last
 * line, or null while the key is quiet.
 */
export class LogRateLimit {
  private readonly last = new Map<string, { at: number; held: number }>();

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The number of lines suppressed since the last one (0 or more) if one may be written now. */
  allow(key: string): number | null {
    const now = this.now();
    const entry = this.last.get(key);
    if (entry !== undefined && now - entry.at < this.intervalMs) {
      entry.held += 1;
      return null;
    }
    const held = entry?.held ?? 0;
    // Keys are few (reasons, operations); forget them when idle so the map stays small.
    if (this.last.size > 1000) this.last.clear();
    this.last.set(key, { at: now, held: 0 });
    return held;
  }
}
