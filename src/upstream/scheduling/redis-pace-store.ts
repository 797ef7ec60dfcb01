import type { RedisConnection } from '../../redis/redis-connection';
import type { PaceDecision, PaceStore } from './rate-pacer';

// GCRA in one atomic step, on Redis's clock (replicas' clocks differ; Redis has one).
// KEYS: arrival time, blocked-until. ARGV: interval, burst, max wait (microseconds).
// Returns {1, wait} when reserved, {0, wait} when the wait would exceed the maximum.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local start = math.max(now, tonumber(redis.call('GET', KEYS[2]) or '0'))
local tat = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), start)
local interval = tonumber(ARGV[1])
local wait = math.max(start - now, tat - tonumber(ARGV[2]) - now, 0)
if wait > tonumber(ARGV[3]) then return {0, wait} end
redis.call('SET', KEYS[1], tat + interval, 'PX', math.ceil((tat + interval - now) / 1000) + 1000)
return {1, wait}
`;

// KEYS: blocked-until. ARGV: for how long (microseconds).
const BLOCK = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local untilAt = now + tonumber(ARGV[1])
if untilAt > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], untilAt, 'PX', math.ceil(tonumber(ARGV[1]) / 1000) + 1000)
end
return 1
`;

// One hash tag for both keys of a pace key: RESERVE touches both, and in a cluster a script's
// keys must live in one slot.
const paceKey = (key: string) => `rg:pace:{${key}}`;
const blockedKey = (key: string) => `rg:pace:{${key}}:blocked`;

/**
 * Pacing shared by every replica through Redis: one upstream key has one quota, however many
 * gateways spend it. While Redis is away, each replica paces on its own (the fallback store).
 */
export class RedisPaceStore implements PaceStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly fallback: PaceStore,
  ) {}

  async reserve(
    key: string,
    intervalMs: number,
    burstMs: number,
    maxWaitMs: number,
  ): Promise<PaceDecision> {
    if (!this.redis.available()) return this.fallback.reserve(key, intervalMs, burstMs, maxWaitMs);
    try {
      const reply = (await this.redis.run('pace', (redis) =>
        redis.eval(
          RESERVE,
          [paceKey(key), blockedKey(key)],
          [
            String(Math.round(intervalMs * 1000)),
            String(Math.round(burstMs * 1000)),
            String(Math.round(maxWaitMs * 1000)),
          ],
        ),
      )) as [number, number];
      const waitMs = reply[1] / 1000;
      return reply[0] === 1 ? { ok: true, waitMs } : { ok: false, retryAfterMs: waitMs };
    } catch {
      // Reported by the connection; this replica paces alone until Redis answers again.
      return this.fallback.reserve(key, intervalMs, burstMs, maxWaitMs);
    }
  }

  async block(key: string, untilEpochMs: number): Promise<void> {
    await this.fallback.block(key, untilEpochMs);
    if (!this.redis.available()) return;
    try {
      const forUs = Math.max(0, untilEpochMs - Date.now()) * 1000;
      await this.redis.run('pace', (redis) =>
        redis.eval(BLOCK, [blockedKey(key)], [String(Math.round(forUs))]),
      );
    } catch {
      // Reported by the connection; the local block above still holds.
    }
  }
}
