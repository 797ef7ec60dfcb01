import { Deadline } from '../../../../src/upstream/scheduling/deadline';

describe('Deadline', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('aborts its signal when it passes, once, and not after release', () => {
    const passing = Deadline.start(100);
    const released = Deadline.start(100);
    const heard: string[] = [];
    passing.deadline.signal.onAbort(() => heard.push('passed'));
    released.deadline.signal.onAbort(() => heard.push('released'));
    released.release();
    jest.advanceTimersByTime(99);
    expect(passing.deadline.signal.aborted).toBe(false);
    expect(passing.deadline.remainingMs()).toBe(1);
    jest.advanceTimersByTime(1);
    passing.cancel();
    expect(heard).toEqual(['passed']);
    expect(passing.deadline.remainingMs()).toBe(0);
    expect(released.deadline.signal.aborted).toBe(false);
  });

  it('cancels at once, and tells a late listener at once', () => {
    const request = Deadline.start(10_000);
    const { deadline } = request;
    const stopped = () => {
      throw new Error('stopped listening');
    };
    deadline.signal.onAbort(stopped);
    deadline.signal.offAbort(stopped);
    request.cancel();
    expect(deadline.signal.aborted).toBe(true);
    const late = jest.fn();
    deadline.signal.onAbort(late);
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('caps a call: the earlier of its own time and its request’s', () => {
    const request = Deadline.start(1000);
    expect(request.deadline.capped(5000)).toBe(request.deadline);
    const call = request.deadline.capped(100);
    expect(call.at).toBe(Date.now() + 100);
    jest.advanceTimersByTime(100);
    expect(call.signal.aborted).toBe(true);
    expect(request.deadline.signal.aborted).toBe(false);

    const early = request.deadline.capped(500);
    request.cancel();
    expect(early.signal.aborted).toBe(true);
    // The parent no longer holds the capped call's listener once it fired.
    expect(request.deadline.signal.listenerCount).toBe(0);
  });

  it('stands alone after a time', () => {
    const alone = Deadline.after(50);
    jest.advanceTimersByTime(50);
    expect(alone.signal.aborted).toBe(true);
  });
});
