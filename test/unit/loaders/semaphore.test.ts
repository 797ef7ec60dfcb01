import { Semaphore } from '../../../src/loaders/semaphore';
import { DeadlineSignal } from '../../../src/upstream/scheduling/deadline';

describe('Semaphore', () => {
  const later = () => {
    let settle!: (value: string) => void;
    const promise = new Promise<string>((resolve) => (settle = resolve));
    return { promise, settle };
  };

  it('runs at most its permits at once, the rest in arrival order', async () => {
    const semaphore = new Semaphore(1);
    const first = later();
    const started: string[] = [];
    const one = semaphore.run(() => (started.push('one'), first.promise));
    const two = semaphore.run(() => (started.push('two'), Promise.resolve('two')));
    expect(started).toEqual(['one']);
    first.settle('one');
    await expect(Promise.all([one, two])).resolves.toEqual(['one', 'two']);
    expect(started).toEqual(['one', 'two']);
  });

  it('frees the permit of a task that throws at once, or rejects', async () => {
    const semaphore = new Semaphore(1);
    await expect(
      semaphore.run(() => {
        throw new Error('at once');
      }),
    ).rejects.toThrow('at once');
    await expect(semaphore.run(() => Promise.reject(new Error('later')))).rejects.toThrow('later');
    await expect(semaphore.run(() => Promise.resolve('free'))).resolves.toBe('free');
  });

  it('drops a waiting task whose signal aborts, and never starts one already cancelled', async () => {
    const semaphore = new Semaphore(1);
    const first = later();
    const held = semaphore.run(() => first.promise);
    const signal = new DeadlineSignal();
    const task = jest.fn(() => Promise.resolve('ran'));
    const waiting = semaphore.run(task, signal);
    signal.abort();
    await expect(waiting).rejects.toThrow('cancelled before it started');
    await expect(semaphore.run(task, signal)).rejects.toThrow('cancelled before it started');
    first.settle('done');
    await held;
    expect(task).not.toHaveBeenCalled();
    await expect(semaphore.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});
