import {
  createLocalJWKSet,
  errors,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  type LocalJWKSet,
} from 'jose';
import type { Logger } from '../observability/logger';

/** What readiness says of the identity provider's keys. */
export type JwksState =
  /** Keys fetched, and the last fetch worked. */
  | 'ok'
  /** Keys from an earlier fetch are served while refetching fails. */
  | 'stale'
  /** No key set yet, and fetching fails: nobody can be verified. */
  | 'unavailable';

export interface JwksKeySetOptions {
  readonly url: URL;
  /** After a good fetch, how long an unknown `kid` waits before another fetch. */
  readonly cooldownMs: number;
  /** A key set older than this is refreshed in the background (kept meanwhile). */
  readonly maxAgeMs: number;
  readonly timeoutMs: number;
  /** The first wait after a failed fetch; it doubles with each failure, up to `maxRetryMs`. */
  readonly minRetryMs?: number;
  readonly maxRetryMs?: number;
  readonly now?: () => number;
}

/** Thrown by `getKey` when there is no key set at all: a server fault, not the token's. */
export class JwksUnavailableError extends Error {
  constructor() {
    super('the identity provider’s key set cannot be fetched');
    this.name = 'JwksUnavailableError';
  }
}

function isKeySet(value: unknown): value is JSONWebKeySet {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { keys?: unknown }).keys) &&
    (value as { keys: unknown[] }).keys.every((key) => typeof key === 'object' && key !== null)
  );
}

/**
 * The identity provider's key set, fetched with what jose's remote set lacks: the last good set is
 * kept when a refetch fails (an outage of theirs is not an outage of ours), failed fetches back
 * off (5 s doubling to a minute: a few a minute however many unknown `kid`s arrive), one fetch at
 * a time, and a state for readiness. Key selection is jose's own (`createLocalJWKSet`).
 */
export class JwksKeySet {
  private local: LocalJWKSet | null = null;
  private fetchedAt = 0;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private failures = 0;
  private inflight: Promise<boolean> | null = null;
  private readonly now: () => number;
  private readonly minRetryMs: number;
  private readonly maxRetryMs: number;
  /** How many fetches were made (tests and metrics read it). */
  fetches = 0;

  constructor(
    private readonly options: JwksKeySetOptions,
    private readonly logger: Logger,
  ) {
    this.now = options.now ?? Date.now;
    this.minRetryMs = options.minRetryMs ?? 5000;
    this.maxRetryMs = options.maxRetryMs ?? 60_000;
  }

  get state(): JwksState {
    if (this.local === null) return 'unavailable';
    return this.failures > 0 ? 'stale' : 'ok';
  }

  /** Fetches the key set now, so the first request does not wait for it. */
  prefetch(): Promise<boolean> {
    return this.refresh();
  }

  /** jose's key lookup, over the kept key set. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    if (this.local === null) await this.refresh();
    const local = this.local;
    if (local === null) throw new JwksUnavailableError();
    if (this.now() - this.fetchedAt > this.options.maxAgeMs) void this.refresh();
    try {
      return await local(header, token);
    } catch (error) {
      // An unknown kid may be a key the provider rotated in since: fetch again, if allowed yet.
      if (!(error instanceof errors.JWKSNoMatchingKey) || !(await this.refresh())) throw error;
      const fresh = this.local;
      if (fresh === null) throw error;
      return fresh(header, token);
    }
  };

  /** One fetch at a time, and none before its wait is over; true when a new set was taken. */
  private refresh(): Promise<boolean> {
    if (this.inflight) return this.inflight;
    const wait =
      this.failures > 0
        ? Math.min(this.maxRetryMs, this.minRetryMs * 2 ** (this.failures - 1))
        : this.local === null
          ? 0
          : this.options.cooldownMs;
    if (this.now() - this.attemptedAt < wait) return Promise.resolve(false);
    this.attemptedAt = this.now();
    this.inflight = this.fetchKeySet().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async fetchKeySet(): Promise<boolean> {
    this.fetches += 1;
    try {
      const response = await fetch(this.options.url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.timeoutMs),
        redirect: 'error',
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body: unknown = await response.json();
      if (!isKeySet(body)) throw new Error('not a JSON Web Key Set');
      this.local = createLocalJWKSet(body);
      this.fetchedAt = this.now();
      if (this.failures > 0) this.logger.info('identity provider key set fetched again');
      this.failures = 0;
      return true;
    } catch (error) {
      this.failures += 1;
      const reason = error instanceof Error ? error.message : 'unknown';
      this.logger[this.failures === 1 ? 'warn' : 'debug'](
        { reason, failures: this.failures, serving: this.local ? 'last good key set' : 'none' },
        this.local
          ? 'identity provider key set could not be refreshed; serving the last good one'
          : 'identity provider key set cannot be fetched; no token can be verified',
      );
      return false;
    }
  }
}
