import {
  UpstreamError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from '../../../../src/errors';
import { createLogger } from '../../../../src/observability/logger';
import {
  UpstreamGuard,
  type ResilienceOptions,
} from '../../../../src/upstream/transport/upstream-guard';

const quiet = createLogger({ level: 'silent', destination: { write: () => undefined } });

const options: ResilienceOptions = {
  attemptTimeoutMs: 1_000,
  deadlineMs: 10_000,
  retries: 3,
  retryBaseDelayMs: 100,
  breakerThreshold: 100,
  breakerHalfOpenMs: 1_000,
  processConcurrency: 4,
};

/** An attempt that fails with the given errors in turn, then succeeds, noting when it ran. */
function scripted(failures: readonly Error[]) {
  const calls: number[] = [];
  const attempt = () => {
    calls.push(Date.now());
    const failure = failures[calls.length - 1];
    return failure ? Promise.reject(failure) : Promise.resolve('ok');
  };
  return { calls, attempt };
}

describe('UpstreamGuard timings (fake timers)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('backs off exponentially with jitter: 50-100 ms, then 100-200 ms, then 200-400 ms', async () => {
    const guard = new UpstreamGuard(options, quiet);
    const { calls, attempt } = scripted([
      new UpstreamError(503),
      new UpstreamError(502),
      new UpstreamError(504),
    ]);

    const result = guard.run('GET', attempt);
    await jest.advanceTimersByTimeAsync(1_000);

    await expect(result).resolves.toBe('ok');
    const gaps = calls.slice(1).map((at, i) => at - (calls[i] ?? at));
    expect(gaps).toHaveLength(3);
    const [first = 0, second = 0, third = 0] = gaps;
    expect(first).toBeGreaterThanOrEqual(50);
    expect(first).toBeLessThanOrEqual(100);
    expect(second).toBeGreaterThanOrEqual(100);
    expect(second).toBeLessThanOrEqual(200);
    expect(third).toBeGreaterThanOrEqual(200);
    expect(third).toBeLessThanOrEqual(400);
  });

  it('waits as long as Retry-After asks when that fits the deadline', async () => {
    const guard = new UpstreamGuard(options, quiet);
    const { calls, attempt } = scripted([new UpstreamError(429, 3)]);

    const result = guard.run('GET', attempt);
    await jest.advanceTimersByTimeAsync(3_500);

    await expect(result).resolves.toBe('ok');
    expect((calls[1] ?? 0) - (calls[0] ?? 0)).toBeGreaterThanOrEqual(3_000);
  });

  it('gives up at once when Retry-After goes past the deadline', async () => {
    const guard = new UpstreamGuard(options, quiet);
    const { calls, attempt } = scripted([new UpstreamError(429, 60)]);

    const result = guard.run('GET', attempt);
    const settled = expect(result).rejects.toMatchObject({
      upstreamStatus: 429,
      retryAfterSeconds: 60,
    });
    await jest.advanceTimersByTimeAsync(0);

    await settled;
    expect(calls).toHaveLength(1);
  });

  it('turns an attempt that outlives its timeout into UPSTREAM_TIMEOUT', async () => {
    // AbortSignal.timeout runs on real timers: keep the timeout short.
    const guard = new UpstreamGuard({ ...options, retries: 0, attemptTimeoutMs: 50 }, quiet);
    jest.useRealTimers();
    const result = guard.run(
      'GET',
      (signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    );
    await expect(result).rejects.toBeInstanceOf(UpstreamTimeoutError);
  });

  it('opens after the threshold, fails fast, and lets one probe through after the half-open delay', async () => {
    const guard = new UpstreamGuard({ ...options, retries: 0, breakerThreshold: 2 }, quiet);
    const failing = () => Promise.reject(new UpstreamError(503));
    await expect(guard.run('GET', failing)).rejects.toBeInstanceOf(UpstreamError);
    await expect(guard.run('GET', failing)).rejects.toBeInstanceOf(UpstreamError);
    expect(guard.breakerState).toBe('open');

    const { calls, attempt } = scripted([]);
    await expect(guard.run('GET', attempt)).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(calls).toHaveLength(0);

    await jest.advanceTimersByTimeAsync(999);
    await expect(guard.run('GET', attempt)).rejects.toBeInstanceOf(UpstreamUnavailableError);
    await jest.advanceTimersByTimeAsync(1);
    await expect(guard.run('GET', attempt)).resolves.toBe('ok');
    expect(calls).toHaveLength(1);
    expect(guard.breakerState).toBe('closed');
  });

  it('does not retry a DELETE after an ambiguous failure, but does when the request never left', async () => {
    const guard = new UpstreamGuard(options, quiet);
    const ambiguous = scripted([new UpstreamError(503)]);
    const refused = scripted([new UpstreamUnavailableError(undefined, true)]);

    const first = guard.run('DELETE', ambiguous.attempt);
    const firstSettled = expect(first).rejects.toBeInstanceOf(UpstreamError);
    const second = guard.run('DELETE', refused.attempt);
    await jest.advanceTimersByTimeAsync(1_000);

    await firstSettled;
    await expect(second).resolves.toBe('ok');
    expect(ambiguous.calls).toHaveLength(1);
    expect(refused.calls).toHaveLength(2);
  });
});
