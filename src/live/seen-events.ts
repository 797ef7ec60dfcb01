import type { RedisConnection } from '../redis/redis-connection';

/**
 * Ids remembered in memory before the oldest may go; an id younger than the signature tolerance
 * never goes (a delivery it names could still be replayed), so past this the map grows with the
 * rate of signed deliveries, which only the provider can raise.
 */
const MAX_REMEMBERED = 100_000;

/**
 * Event ids already acted on, for the provider's retry window: a redelivery is answered 200 and
 * not acted on twice. In Redis (`SET NX EX`) when there is one, so two replicas that each get a
 * delivery of one event act once between them; in memory always. Memory is never overruled: an
 * id this replica has seen is a duplicate whatever Redis says (a restarted Redis has forgotten
 * it); Redis adds what the other replicas have seen.
 */
export class SeenEvents {
  private readonly memory = new Map<string, number>();

  /**
   * `ttlSeconds`: how long an id is remembered; `keepAtLeastSeconds`: the webhook tolerance, which
   * no id is forgotten before, whatever the memory bound.
   */
  constructor(
    private readonly ttlSeconds: number,
    private readonly redis: RedisConnection | null,
    private readonly now: () => number = Date.now,
    private readonly keepAtLeastSeconds: number = ttlSeconds,
  ) {}

  /** True the first time an id is offered within the window; false for a redelivery. */
  async firstTime(eventId: string): Promise<boolean> {
    const local = this.rememberLocally(eventId);
    if (!local) return false;
    if (!this.redis?.available()) return true;
    try {
      // One key a command: any slot of a cluster will do.
      return await this.redis.run('webhook_dedupe', (redis) =>
        redis.set(`rg:webhook:${eventId}`, '1', {
          onlyIfAbsent: true,
          ttlSeconds: this.ttlSeconds,
        }),
      );
    } catch {
      // Reported by the connection; this replica's memory decides meanwhile.
      return true;
    }
  }

  private rememberLocally(eventId: string): boolean {
    const now = this.now();
    const seenAt = this.memory.get(eventId);
    if (seenAt !== undefined && now - seenAt < this.ttlSeconds * 1000) return false;
    this.memory.delete(eventId);
    this.memory.set(eventId, now);
    this.forgetOld(now);
    return true;
  }

  /** Oldest first (a Map keeps insertion order): expired ids, then past the bound, old-enough ones. */
  private forgetOld(now: number): void {
    for (const [id, seenAt] of this.memory) {
      const age = now - seenAt;
      const expired = age >= this.ttlSeconds * 1000;
      const overBound = this.memory.size > MAX_REMEMBERED && age >= this.keepAtLeastSeconds * 1000;
      if (!expired && !overBound) return;
      this.memory.delete(id);
    }
  }
}
