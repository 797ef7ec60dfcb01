import { GraphQLError, subscribe, type ExecutionArgs } from 'graphql';
import type { SubscriptionCallbackConfig } from '../config/config';
import type { Logger } from '../observability/logger';

/** One subscription the router asked to be called back for. */
export interface CallbackTarget {
  readonly callbackUrl: URL;
  readonly subscriptionId: string;
  readonly verifier: string;
  /** 0: no heartbeat. */
  readonly heartbeatIntervalMs: number;
}

type Action = 'check' | 'next' | 'complete';
/** What a POST to the router came to: its status, or `failed` (no answer in time, refused). */
type Delivery = number | 'failed';

/** Consecutive heartbeats that may fail before the subscription is given up. */
const MAX_HEARTBEAT_FAILURES = 3;

interface Running {
  readonly target: CallbackTarget;
  iterator: AsyncIterator<unknown> | null;
  heartbeat: NodeJS.Timeout | null;
  heartbeatFailures: number;
  ended: boolean;
}

/**
 * Apollo Router's HTTP callback protocol (callback/1.0), run by the gateway itself rather than by
 * Apollo's plugin, so that every subscription is counted and bounded, a POST to the router
 * fails fast (a timeout, no retries past one, no redirects followed), and one subscription per
 * id (Apollo's keys them by URL). The router is checked (`check`) before the subscription is
 * accepted, heartbeats follow at the router's interval, events go as `next`, the end as
 * `complete`; a 404 or 400 from the router ends the subscription.
 */
export class CallbackSubscriptions {
  private readonly running = new Set<Running>();
  private reserved = 0;

  constructor(
    private readonly config: SubscriptionCallbackConfig,
    private readonly logger: Logger,
  ) {}

  get active(): number {
    return this.running.size;
  }

  /** Holds a place for a subscription about to start; false when all are taken. */
  reserve(): boolean {
    if (this.running.size + this.reserved >= this.config.maxActive) return false;
    this.reserved += 1;
    return true;
  }

  unreserve(): void {
    this.reserved = Math.max(0, this.reserved - 1);
  }

  /**
   * The router's `check`, before the subscription is acknowledged: true when it answered 2xx.
   * The place reserved is given back when it did not.
   */
  async confirm(target: CallbackTarget): Promise<boolean> {
    const status = await this.post(target, 'check');
    const ok = typeof status === 'number' && status >= 200 && status < 300;
    if (!ok) this.unreserve();
    return ok;
  }

  /** Runs a confirmed subscription (its place reserved) until it ends or the router drops it. */
  async start(target: CallbackTarget, args: ExecutionArgs): Promise<void> {
    this.unreserve();
    const entry: Running = {
      target,
      iterator: null,
      heartbeat: null,
      heartbeatFailures: 0,
      ended: false,
    };
    this.running.add(entry);
    let result: Awaited<ReturnType<typeof subscribe>>;
    try {
      result = await subscribe(args);
    } catch (error) {
      this.logger.error({ err: error }, 'callback subscription could not start');
      await this.finish(entry, []);
      return;
    }
    if (!(Symbol.asyncIterator in result)) {
      await this.finish(entry, result.errors ?? []);
      return;
    }
    const iterator = result[Symbol.asyncIterator]();
    entry.iterator = iterator;
    if (target.heartbeatIntervalMs > 0) {
      entry.heartbeat = setInterval(() => void this.beat(entry), target.heartbeatIntervalMs);
      entry.heartbeat.unref();
    }
    void this.consume(entry, iterator);
  }

  /** Ends every subscription, telling the router (`complete`), for a graceful stop. */
  async stopAll(): Promise<void> {
    await Promise.allSettled([...this.running].map((entry) => this.finish(entry, [])));
  }

  private async consume(entry: Running, iterator: AsyncIterator<unknown>): Promise<void> {
    try {
      for (;;) {
        const item = await iterator.next();
        if (item.done || entry.ended) break;
        const status = await this.post(entry.target, 'next', { payload: item.value });
        if (status !== 'failed' && status >= 200 && status < 300) continue;
        // The router forgot it (404/400) or cannot be reached: stop reading events for it.
        this.end(entry);
        return;
      }
      await this.finish(entry, []);
    } catch (error) {
      // A refusal (an expired token) keeps its code; anything else is masked.
      const reported =
        error instanceof GraphQLError
          ? { message: error.message, extensions: error.extensions }
          : { message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
      if (!(error instanceof GraphQLError)) {
        this.logger.error({ err: error }, 'callback subscription failed');
      }
      await this.finish(entry, [reported]);
    }
  }

  private async beat(entry: Running): Promise<void> {
    if (entry.ended) return;
    const status = await this.post(entry.target, 'check');
    if (status === 404 || status === 400) {
      this.end(entry);
      return;
    }
    if (status === 'failed' || status >= 300) {
      entry.heartbeatFailures += 1;
      if (entry.heartbeatFailures >= MAX_HEARTBEAT_FAILURES) this.end(entry);
      return;
    }
    entry.heartbeatFailures = 0;
  }

  /** Tells the router it is over (with errors, if any), then lets it go. */
  private async finish(entry: Running, errors: readonly unknown[]): Promise<void> {
    if (entry.ended) return;
    this.end(entry);
    await this.post(entry.target, 'complete', errors.length > 0 ? { errors } : {});
  }

  /** Lets a subscription go without telling the router (it asked, or cannot be reached). */
  private end(entry: Running): void {
    if (entry.ended) return;
    entry.ended = true;
    if (entry.heartbeat) clearInterval(entry.heartbeat);
    this.running.delete(entry);
    void entry.iterator?.return?.();
  }

  private async post(
    target: CallbackTarget,
    action: Action,
    extra: Readonly<Record<string, unknown>> = {},
  ): Promise<Delivery> {
    const body = JSON.stringify({
      kind: 'subscription',
      action,
      id: target.subscriptionId,
      verifier: target.verifier,
      ...extra,
    });
    // One retry for a lost event; a check or heartbeat is simply sent again next time.
    const attempts = action === 'next' || action === 'complete' ? 2 : 1;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        const response = await fetch(target.callbackUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'subscription-protocol': 'callback/1.0' },
          body,
          // The allowed origin is the URL's: a redirect would leave it.
          redirect: 'manual',
          signal: AbortSignal.timeout(this.config.timeoutMs),
        });
        await response.body?.cancel();
        if (response.status < 500 || attempt === attempts) return response.status;
      } catch {
        if (attempt === attempts) {
          this.logger.debug({ action }, 'subscription callback: the router did not answer');
          return 'failed';
        }
      }
    }
    return 'failed';
  }
}
