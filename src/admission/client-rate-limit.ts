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
    this.shared = options.redis
      ? new RateLimiterRedis({
          storeClient: options.redis.client,
          useRedisPackage: true,
          rejectIfRedisNotReady: true,
          points: options.callsPerMinute,
          duration: WINDOW_SECONDS,
          keyPrefix: 'rg:client',
          insuranceLimiter: this.memory,
        })
      : null;
  }

  /** Redis while it answers; this process's own counts while it does not. */
  private get limiter(): RateLimiterAbstract | null {
    return this.shared && this.options.redis?.available() ? this.shared : this.memory;
  }

  /** Refuses a client that has nothing left this window. */
  async admit(clientKey: string): Promise<void> {
    if (!this.limiter) return;
    let state: RateLimiterRes | null;
    try {
      state = await this.limiter.get(clientKey);
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
    return this.limiter ? this.consume(this.limiter, clientKey) : undefined;
  }

  private async consume(limiter: RateLimiterAbstract, clientKey: string): Promise<void> {
    try {
      await limiter.consume(clientKey, 1);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw new RateLimitedError(rejection.msBeforeNext / 1000);
      }
      // A store failure with no insurance left: count nothing rather than fail the request.
    }
  }
}
