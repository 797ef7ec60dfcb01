import { AdmissionControl, type AdmissionDecision } from '../../../src/admission/admission-control';

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

function control(
  signals: { loopDelayMs?: number; queueDelayMs?: number } = {},
  overrides: Partial<ConstructorParameters<typeof AdmissionControl>[0]> = {},
) {
  return new AdmissionControl({
    maxConcurrent: 1000,
    targetQueueDelayMs: 50,
    maxEventLoopDelayMs: 100,
    queueTimeoutMs: 50,
    initialLimit: 40,
    minLimit: 8,
    tickMs: 100,
    upstreamQueueDelayMs: () => signals.queueDelayMs ?? 0,
    eventLoopDelayMs: () => signals.loopDelayMs ?? 0,
    ...overrides,
  });
}

const admitted = (decision: AdmissionDecision) => decision.admitted;

describe('AdmissionControl', () => {
  it('admits up to its limit, holds the next briefly, and sheds it after the queue timeout', async () => {
    const door = control();
    const running = await Promise.all(Array.from({ length: 40 }, () => door.admit()));
    expect(running.every(admitted)).toBe(true);
    const waiting = door.admit();
    jest.advanceTimersByTime(50);
    expect(await waiting).toEqual({ admitted: false, reason: 'queue_timeout' });
    door.close();
  });

  it('lets the newest waiter in first when a place frees (adaptive LIFO)', async () => {
    const door = control();
    const running = await Promise.all(Array.from({ length: 40 }, () => door.admit()));
    const order: string[] = [];
    const older = door.admit().then((d) => d.admitted && order.push('older'));
    const newer = door.admit().then((d) => d.admitted && order.push('newer'));
    const first = running[0];
    if (first?.admitted) first.release();
    jest.advanceTimersByTime(50);
    await Promise.all([older, newer]);
    expect(order).toEqual(['newer']);
    door.close();
  });

  it('refuses at once when even its short queue is full', async () => {
    const door = control();
    await Promise.all(Array.from({ length: 40 }, () => door.admit()));
    const queued = Array.from({ length: 10 }, () => door.admit());
    expect(await door.admit()).toEqual({ admitted: false, reason: 'saturated' });
    jest.advanceTimersByTime(50);
    await Promise.all(queued);
    door.close();
  });

  it('decides in the same tick whenever no wait is involved', async () => {
    const door = control();
    const running = Array.from({ length: 40 }, () => door.decideNow());
    expect(running.every((decision) => decision?.admitted)).toBe(true);
    // The 41st would wait: that is admit's to do.
    expect(door.decideNow()).toBeNull();
    const queued = Array.from({ length: 10 }, () => door.admit());
    expect(door.decideNow()).toEqual({ admitted: false, reason: 'saturated' });
    jest.advanceTimersByTime(50);
    await Promise.all(queued);
    door.close();
  });

  it('shrinks its limit while busy and the event loop lags, and grows it back when calm', async () => {
    const signals = { loopDelayMs: 300 };
    const door = control(signals);
    await Promise.all(Array.from({ length: 40 }, () => door.admit()));
    jest.advanceTimersByTime(500);
    const shrunk = door.limit;
    expect(shrunk).toBeLessThan(40);
    signals.loopDelayMs = 0;
    void door.admit();
    jest.advanceTimersByTime(500);
    expect(door.limit).toBeGreaterThan(shrunk);
    door.close();
  });

  it('lets unused headroom decay to three times the peak, and ramps up from there by doubling', async () => {
    const signals = { loopDelayMs: 0 };
    const door = control(signals, { maxConcurrent: 10_000, initialLimit: 400, minLimit: 8 });
    const release = (decision: AdmissionDecision) => {
      if (decision.admitted) decision.release();
    };
    // 300 running with a lagging event loop: the first overload, which ends the cold start.
    const burst = await Promise.all(Array.from({ length: 300 }, () => door.admit()));
    signals.loopDelayMs = 300;
    jest.advanceTimersByTime(100);
    signals.loopDelayMs = 0;
    expect(door.limit).toBe(360);
    // Then 30 go on: the headroom decays by a tenth a tick, to three times that and no lower.
    burst.slice(30).forEach(release);
    jest.advanceTimersByTime(3000);
    expect(door.limit).toBe(90);
    burst.slice(0, 30).forEach(release);
    jest.advanceTimersByTime(3000);
    expect(door.limit).toBe(8);
    // Used in full again, it doubles, as after a cold start.
    while (door.inflight < door.limit) await door.admit();
    jest.advanceTimersByTime(100);
    expect(door.limit).toBe(16);
    door.close();
  });

  it('doubles while it binds until the first overload, then grows by its square root', async () => {
    const signals = { loopDelayMs: 0 };
    const door = control(signals, { maxConcurrent: 10_000, initialLimit: 40, minLimit: 1 });
    const fill = async (): Promise<void> => {
      while (door.inflight < door.limit) await door.admit();
    };
    await fill();
    jest.advanceTimersByTime(100);
    expect(door.limit).toBe(80);
    await fill();
    signals.loopDelayMs = 300;
    jest.advanceTimersByTime(100);
    expect(door.limit).toBe(72);
    signals.loopDelayMs = 0;
    await fill();
    jest.advanceTimersByTime(100);
    expect(door.limit).toBe(80);
    door.close();
  });

  it('does not shrink for lag it did not cause (few admitted, many refused)', () => {
    const door = control({ loopDelayMs: 300 });
    for (let i = 0; i < 10; i += 1) void door.admit();
    jest.advanceTimersByTime(1000);
    // Unused headroom decays to three times the peak; the lag takes nothing more.
    expect(door.limit).toBe(30);
    door.close();
  });

  it('shrinks while upstream calls queue for slots', async () => {
    const door = control({ queueDelayMs: 200 });
    await Promise.all(Array.from({ length: 40 }, () => door.admit()));
    jest.advanceTimersByTime(300);
    expect(door.limit).toBeLessThan(40);
    door.close();
  });
});
