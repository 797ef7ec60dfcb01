import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { RateLimitedError } from '../errors';
import type { RedisConnection } from '../redis/redis-connection';

export interface ClientRateLimitOptions {
  /** Upstream calls one client may cause per minute; 0 turns the limit off. */
  readonly callsPerMinute: number;
  /** Shares the counts across replicas; process memory without it. */
  readonly redis?: RedisConnection;
}

const WINDOW_SECONDS = 60;

/**
 * Each client's share of upstream calls (one client: a forwarded API key, a signed-in user, or an
 * address), so one caller cannot spend a shared server key's quota. Every upstream attempt spends
 * one point; a client whose minute is spent is refused at the door, before its request is parsed.
 * When Redis fails, counting falls back to this process: the limit stays, approximately.
 */
export class ClientRateLimit {
  private readonly memory: RateLimiterAbstract | null;
  private readonly shared: RateLimiterAbstract | null;

  constructor(private readonly options: ClientRateLimitOptions) {
    if (options.callsPerMinute <= 0) {
      this.memory = this.shared = null;
      return;
    }
    this.memory = new RateLimiterMemory({
      points: options.callsPerMinute,
      duration: WINDOW_SECONDS,
      keyPrefix: 'client',
    });
    // One key a client (`rg:client:<client>`): its script and MULTI stay in one cluster slot.
    // No insuranceLimiter: a store failure comes back here, to be reported, then memory counts.
    this.shared = options.redis
      ? new RateLimiterRedis({
          storeClient: options.redis.native,
          useRedisPackage: true,
          rejectIfRedisNotReady: true,
          points: options.callsPerMinute,
          duration: WINDOW_SECONDS,
          keyPrefix: 'rg:client',
        })
      : null;
  }

  /** Refuses a client that has nothing left this window. */
  async admit(clientKey: string): Promise<void> {
    if (!this.memory) return;
    let state: RateLimiterRes | null;
    try {
      state = await this.fromStore((limiter) => limiter.get(clientKey));
    } catch {
      return;
    }
    if (state && state.remainingPoints <= 0) throw new RateLimitedError(state.msBeforeNext / 1000);
  }

  /**
   * Spends one upstream call of the client's share, or throws RATE_LIMITED; undefined (nothing
   * to wait for) when there is no limit.
   */
  spend(clientKey: string): Promise<void> | undefined {
    return this.memory ? this.consume(clientKey) : undefined;
  }

  private async consume(clientKey: string): Promise<void> {
    try {
      await this.fromStore((limiter) => limiter.consume(clientKey, 1));
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw new RateLimitedError(rejection.msBeforeNext / 1000);
      }
      // A store failure in memory too: count nothing rather than fail the request.
    }
  }

  /**
   * Asks Redis, or this process's memory while Redis is skipped or fails; a Redis failure is
   * reported (counted, logged) before memory answers. A refusal (RateLimiterRes) is an answer.
   */
  private async fromStore<T>(ask: (limiter: RateLimiterAbstract) => Promise<T>): Promise<T> {
    const { redis } = this.options;
    const shared = this.shared;
    if (shared && redis?.available()) {
      // A refusal is Redis answering, not failing: carried out of `run` as a value.
      const answer = await redis
        .run('quota', () =>
          ask(shared).then(
            (value) => ({ value }),
            (error: unknown) => {
              if (error instanceof RateLimiterRes) return { refusal: error };
              throw error;
            },
          ),
        )
        .catch(() => null);
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- as the library itself rejects
      if (answer && 'refusal' in answer) throw answer.refusal;
      if (answer) return answer.value;
    }
    if (!this.memory) throw new Error('no client rate limit');
    return ask(this.memory);
  }
}
