/**
 * How many WebSockets each client holds, by a key (a user, a forwarded key's hash, an address):
 * `take` says whether one more fits, `release` gives its place back.
 */
export class PerClientCount {
  private readonly counts = new Map<string, number>();

  constructor(readonly max: number) {}

  take(client: string): boolean {
    const count = this.counts.get(client) ?? 0;
    if (count >= this.max) return false;
    this.counts.set(client, count + 1);
    return true;
  }

  release(client: string): void {
    const count = this.counts.get(client) ?? 0;
    if (count <= 1) this.counts.delete(client);
    else this.counts.set(client, count - 1);
  }

  countOf(client: string): number {
    return this.counts.get(client) ?? 0;
  }
}

/**
 * A token bucket for one connection's subscribe messages: `perMinute` on average, with a burst of
 * a tenth of that (at least 10). Each message is parsed, validated and priced: a flood of them
 * from one socket must not cost the event loop what it costs the client.
 */
export class SubscribeRate {
  private tokens: number;
  private at: number;
  private readonly burst: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.burst = Math.max(10, Math.ceil(perMinute / 10));
    this.tokens = this.burst;
    this.at = this.now();
  }

  /** False once the connection has sent more than its share. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) * this.perMinute) / 60_000);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
