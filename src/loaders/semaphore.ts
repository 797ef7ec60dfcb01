import type { DeadlineSignal } from '../upstream/scheduling/deadline';

/**
 * At most `permits` tasks at once; the rest wait in arrival order. A waiting task whose signal
 * aborts (its request's deadline passed) leaves the queue at once and rejects, instead of
 * holding its place (cockatiel 3's bulkhead keeps it: a leak it fixed only in 4, for Node 22).
 */
export class Semaphore {
  private running = 0;
  private readonly waiting: { start: () => void; cancelled: boolean }[] = [];

  constructor(private readonly permits: number) {}

  /** Hands a settled task's permit on, and passes its outcome through. */
  private readonly passValue = <T>(value: T): T => {
    this.release();
    return value;
  };

  private readonly passError = (error: unknown): never => {
    this.release();
    throw error;
  };

  /**
   * Runs `task` under a permit. With one free (nearly always), the task starts in this tick and
   * its promise carries the release: no async frame waits beside every call on the wire.
   */
  run<T>(task: () => Promise<T>, signal?: DeadlineSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(new Error('cancelled before it started'));
    if (this.running < this.permits) {
      this.running += 1;
      return this.start(task);
    }
    return this.acquire(signal).then(() => this.start(task));
  }

  private start<T>(task: () => Promise<T>): Promise<T> {
    let started: Promise<T>;
    try {
      started = task();
    } catch (error) {
      started = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return started.then(this.passValue<T>, this.passError);
  }

  private release(): void {
    this.running -= 1;
    this.next();
  }

  private acquire(signal?: DeadlineSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const entry = {
        cancelled: false,
        start: () => {
          this.running += 1;
          resolve();
        },
      };
      this.waiting.push(entry);
      signal?.onAbort(() => {
        entry.cancelled = true;
        reject(new Error('cancelled before it started'));
      });
    });
  }

  private next(): void {
    while (this.running < this.permits && this.waiting.length > 0) {
      const entry = this.waiting.shift();
      if (entry && !entry.cancelled) entry.start();
    }
  }
}
