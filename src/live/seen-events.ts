import type { RedisConnection } from '../redis/redis-connection';

/** Ids remembered in memory at most; the oldest go first. */
const MAX_REMEMBERED = 100_000;

/**
 * Event ids already acted on, for the provider's retry window: a redelivery is answered 200 and
 * not acted on twice. In Redis (`SET NX EX`) when there is one, so two replicas that each get a
 * delivery of one event act once between them; in memory otherwise, or while Redis is away.
 */
export class SeenEvents {
  private readonly memory = new Map<string, number>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly redis: RedisConnection | null,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time an id is offered within the window; false for a redelivery. */
  async firstTime(eventId: string): Promise<boolean> {
    const local = this.rememberLocally(eventId);
    if (!this.redis?.available()) return local;
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
      return local;
    }
  }

  private rememberLocally(eventId: string): boolean {
    const now = this.now();
    const seenAt = this.memory.get(eventId);
    if (seenAt !== undefined && now - seenAt < this.ttlSeconds * 1000) return false;
    this.memory.delete(eventId);
    this.memory.set(eventId, now);
    if (this.memory.size > MAX_REMEMBERED) {
      const oldest = this.memory.keys().next();
      if (!oldest.done) this.memory.delete(oldest.value);
    }
    return true;
  }
}
