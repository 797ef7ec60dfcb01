import { OverloadedError, UpstreamTimeoutError } from '../../../../src/errors';
import { createLogger } from '../../../../src/observability/logger';
import { AdaptiveLimit } from '../../../../src/upstream/scheduling/adaptive-limit';
import { ConcurrencyLimiter } from '../../../../src/upstream/scheduling/concurrency-limiter';
import { Deadline } from '../../../../src/upstream/scheduling/deadline';
import { MemoryPaceStore, RatePacer } from '../../../../src/upstream/scheduling/rate-pacer';
import { RetryBudget } from '../../../../src/upstream/scheduling/retry-budget';
import { UpstreamScheduler } from '../../../../src/upstream/scheduling/upstream-scheduler';
import { retryAfterSeconds } from '../../../../src/upstream/transport/upstream-status';

const logger = createLogger({ level: 'silent' });

beforeEach(() => {
  jest.useFakeTimers({ now: Date.parse('2026-11-27T12:00:00Z') });
});
afterEach(() => {
  jest.useRealTimers();
});

const fixedLimit = (n: number) => new AdaptiveLimit({ initial: n, min: n, max: n });

describe('ConcurrencyLimiter', () => {
  it('counts time in its queue against the deadline, and never starts a call that ran out', async () => {
    const limiter = new ConcurrencyLimiter(fixedLimit(1));
    const held = await limiter.acquire(Deadline.after(10_000));
    const waiting = limiter.acquire(Deadline.after(100));
    const outcome = waiting.then(
      () => 'started',
      (error: unknown) => error,
    );
    jest.advanceTimersByTime(99);
    expect(limiter.queued).toBe(1);
    jest.advanceTimersByTime(1);
    expect(await outcome).toBeInstanceOf(OverloadedError);
    expect(limiter.queued).toBe(0);
    held.release({ kind: 'ignore' });
    expect(limiter.inflight).toBe(0);
  });

  it('fails at once a call whose request has no time left', async () => {
    const limiter = new ConcurrencyLimiter(fixedLimit(4));
    const spent = Deadline.after(1);
    jest.advanceTimersByTime(1);
    await expect(limiter.acquire(spent)).rejects.toBeInstanceOf(OverloadedError);
  });

  it('serves the earliest deadline first and reports the oldest wait', async () => {
    const limiter = new ConcurrencyLimiter(fixedLimit(1));
    const held = await limiter.acquire(Deadline.after(10_000));
    const order: string[] = [];
    const late = limiter.acquire(Deadline.after(9_000)).then((slot) => {
      order.push('late');
      slot.release({ kind: 'ignore' });
    });
    jest.advanceTimersByTime(30);
    const early = limiter.acquire(Deadline.after(1_000)).then((slot) => {
      order.push('early');
      slot.release({ kind: 'ignore' });
    });
    expect(limiter.queueDelayMs()).toBe(30);
    held.release({ kind: 'ignore' });
    await Promise.all([late, early]);
    expect(order).toEqual(['early', 'late']);
  });
});

describe('AdaptiveLimit', () => {
  it('grows to the hundreds an internet latency needs while the round trip holds', () => {
    const limit = new AdaptiveLimit({ initial: 20, min: 4, max: 512 });
    for (let sample = 0; sample < 300; sample += 1) limit.onSample(200, limit.limit);
    expect(limit.limit).toBeGreaterThan(300);
  });

  it('about doubles in a round trip of samples, and is "growing" until the first drop', () => {
    const limit = new AdaptiveLimit({ initial: 32, min: 4, max: 512 });
    for (let sample = 0; sample < 32; sample += 1) limit.onSample(200, limit.limit);
    expect(limit.limit).toBeGreaterThanOrEqual(64);
    expect(limit.growing).toBe(true);
    limit.onDrop();
    expect(limit.growing).toBe(false);
  });

  it('is no longer "growing" once a round trip is past its tolerance or the limit is at its max', () => {
    const slow = new AdaptiveLimit({ initial: 32, min: 4, max: 512 });
    for (let sample = 0; sample < 32; sample += 1) slow.onSample(100, slow.limit);
    slow.onSample(1000, slow.limit);
    expect(slow.growing).toBe(false);
    const capped = new AdaptiveLimit({ initial: 32, min: 4, max: 40 });
    for (let sample = 0; sample < 32; sample += 1) capped.onSample(100, capped.limit);
    expect(capped.growing).toBe(false);
  });

  it('does not grow while less than half of it is used', () => {
    const limit = new AdaptiveLimit({ initial: 20, min: 4, max: 512 });
    for (let sample = 0; sample < 300; sample += 1) limit.onSample(200, 5);
    expect(limit.limit).toBe(20);
  });

  it('shrinks when the round trip grows (the upstream queues) and on drops', () => {
    const limit = new AdaptiveLimit({ initial: 200, min: 4, max: 512 });
    for (let sample = 0; sample < 100; sample += 1) limit.onSample(100, limit.limit);
    const before = limit.limit;
    for (let sample = 0; sample < 50; sample += 1) limit.onSample(800, limit.limit);
    expect(limit.limit).toBeLessThan(before);
    const again = limit.limit;
    limit.onDrop();
    expect(limit.limit).toBeLessThan(again);
    expect(limit.limit).toBeGreaterThanOrEqual(Math.floor(again * 0.9));
  });
});

describe('Retry-After', () => {
  it('takes Retry-After over x-ratelimit-reset, in seconds or as an HTTP date', () => {
    const now = Date.now();
    expect(retryAfterSeconds({ 'retry-after': '7', 'x-ratelimit-reset': '30' })).toBe(7);
    expect(
      retryAfterSeconds(
        { 'retry-after': new Date(now + 12_000).toUTCString(), 'x-ratelimit-reset': '30' },
        now,
      ),
    ).toBe(12);
    expect(retryAfterSeconds({ 'x-ratelimit-reset': '30' })).toBe(30);
    expect(retryAfterSeconds({})).toBeUndefined();
  });
});

describe('RatePacer', () => {
  const pacer = () => new RatePacer(new MemoryPaceStore(), { headroom: 1 });

  it('lets one call through for a key it knows nothing of, and holds the rest for its headers', async () => {
    const paced = pacer();
    expect(await paced.reserve('k', 1000)).toEqual({ ok: true, waitMs: 0 });
    const second = paced.reserve('k', 1000);
    let settled = false;
    void second.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await paced.observe('k', 200, {
      'x-ratelimit-limit': '50',
      'x-ratelimit-remaining': '49',
      'x-ratelimit-reset': '1',
    });
    // The probe took the first 20 ms slot of a 50/s key.
    expect(await second).toEqual({ ok: true, waitMs: 20 });
  });

  it('spaces calls at the learned rate, and refuses at once what cannot go before the deadline', async () => {
    const paced = pacer();
    await paced.observe('k', 200, {
      'x-ratelimit-limit': '10',
      'x-ratelimit-remaining': '9',
      'x-ratelimit-reset': '1',
    });
    // 10 per second: 100 ms apart, after the probe's slot, with no burst (a fixed window holds 10).
    const waits: number[] = [];
    for (let call = 0; call < 5; call += 1) {
      const decision = await paced.reserve('k', 10_000);
      if (!decision.ok) throw new Error('refused');
      waits.push(decision.waitMs);
    }
    expect(waits).toEqual([100, 200, 300, 400, 500]);
    expect(await paced.reserve('k', 50)).toEqual({ ok: false, retryAfterMs: 600 });
  });

  it('bursts only what the headroom leaves of a fixed window', async () => {
    const paced = new RatePacer(new MemoryPaceStore(), {
      headroom: 0.9,
      declared: { limit: 100, windowMs: 1000 },
    });
    // 90 evenly spaced calls a window leave 10, one of them margin: half the rest (4) as a burst.
    const waits: number[] = [];
    for (let call = 0; call < 8; call += 1) {
      const decision = await paced.reserve('k', 10_000);
      if (decision.ok) waits.push(Math.round(decision.waitMs));
    }
    expect(waits).toEqual([0, 0, 0, 0, 0, 11, 22, 33]);
  });

  it('stops a key until the reset when its window is spent, and after a 429 for Retry-After', async () => {
    const paced = pacer();
    await paced.observe('k', 200, {
      'x-ratelimit-limit': '10',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': '3',
    });
    expect(await paced.reserve('k', 10_000)).toEqual({ ok: true, waitMs: 3000 });
    await paced.observe('other', 429, { 'retry-after': '5', 'x-ratelimit-reset': '1' });
    expect(await paced.reserve('other', 1000)).toEqual({ ok: false, retryAfterMs: 5000 });
  });

  it('lets calls go at once for a key without rate headers, until a 429 stops it for its Retry-After', async () => {
    const paced = pacer();
    await paced.observe('k', 200, {});
    expect(paced.goesAtOnce('k')).toBe(true);
    expect(await paced.reserve('k', 1000)).toEqual({ ok: true, waitMs: 0 });
    await paced.observe('k', 429, { 'retry-after': '2' });
    expect(paced.goesAtOnce('k')).toBe(false);
    expect(await paced.reserve('k', 10_000)).toEqual({ ok: true, waitMs: 2000 });
    expect(await paced.reserve('k', 1000)).toEqual({ ok: false, retryAfterMs: 2000 });
    jest.advanceTimersByTime(2000);
    expect(paced.goesAtOnce('k')).toBe(true);
  });

  it('keeps pacing to a declared limit when the provider sends no rate headers', async () => {
    const paced = new RatePacer(new MemoryPaceStore(), {
      headroom: 1,
      declared: { limit: 10, windowMs: 1000 },
    });
    await paced.observe('k', 200, {});
    expect(paced.goesAtOnce('k')).toBe(false);
    const waits: number[] = [];
    for (let call = 0; call < 3; call += 1) {
      const decision = await paced.reserve('k', 10_000);
      if (decision.ok) waits.push(decision.waitMs);
    }
    expect(waits).toEqual([0, 100, 200]);
  });
});

describe('RetryBudget', () => {
  it('allows retries up to a share of recent first attempts, and forgets old ones', () => {
    const budget = new RetryBudget({ ratio: 0.1, minPerSecond: 0, windowSeconds: 10 });
    for (let attempt = 0; attempt < 100; attempt += 1) budget.recordAttempt();
    const allowed = Array.from({ length: 12 }, () => budget.tryRetry()).filter(Boolean);
    expect(allowed).toHaveLength(10);
    jest.advanceTimersByTime(11_000);
    expect(budget.tryRetry()).toBe(false);
  });
});

describe('UpstreamScheduler', () => {
  function scheduler(limit: number) {
    return new UpstreamScheduler({
      attemptTimeoutMs: 1000,
      retries: 0,
      retryBaseDelayMs: 10,
      breaker: { failureRate: 0.5, minimumRps: 1, windowMs: 5000, halfOpenMs: 60_000 },
      limiter: new ConcurrencyLimiter(fixedLimit(limit)),
      pacer: new RatePacer(new MemoryPaceStore()),
      retryBudget: new RetryBudget({ ratio: 0.1, minPerSecond: 1 }),
      logger,
    });
  }
  const call = (deadlineMs: number) => ({
    method: 'GET' as const,
    paceKey: 'k',
    deadline: Deadline.after(deadlineMs),
  });
  const never = () => new Promise<never>(() => undefined);

  it('does not count waits in its own queue against the upstream: the breaker stays closed', async () => {
    const upstream = scheduler(1);
    // The first call learns the key (no rate headers) and then holds the only slot.
    await upstream.run(call(10_000), (_signal, answered) => {
      answered(200, {});
      return Promise.resolve('ok');
    });
    void upstream.run(call(60_000), never);
    await Promise.resolve();
    const waits = Array.from({ length: 10 }, () =>
      upstream.run(call(100), () => Promise.resolve('late')).catch((error: unknown) => error),
    );
    jest.advanceTimersByTime(100);
    for (const outcome of await Promise.all(waits)) expect(outcome).toBeInstanceOf(OverloadedError);
    expect(upstream.breakerState).toBe('closed');
  });

  it('never sends a call whose request was cancelled (the client left)', async () => {
    const upstream = scheduler(10);
    const request = Deadline.start(10_000);
    const { deadline } = request;
    request.cancel();
    const attempt = jest.fn(() => Promise.resolve('sent'));
    await expect(
      upstream.run({ method: 'GET', paceKey: 'k', deadline }, attempt),
    ).rejects.toBeInstanceOf(OverloadedError);
    expect(attempt).not.toHaveBeenCalled();
  });

  it('opens on timeouts on the wire', async () => {
    const upstream = scheduler(10);
    const onWire = () => Promise.reject(new UpstreamTimeoutError(1000));
    for (let attempt = 0; attempt < 6; attempt += 1) {
      await upstream.run(call(10_000), onWire).catch(() => undefined);
    }
    expect(upstream.breakerState).toBe('open');
  });
});
