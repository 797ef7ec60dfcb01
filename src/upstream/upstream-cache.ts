import { createHash } from 'node:crypto';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { Logger } from '../observability/logger';
import type { GatewayMetrics } from '../observability/metrics';

/** What a cache entry holds: one upstream object, or one list page. */
export type CacheKind = 'recording' | 'conference' | 'list';

export interface UpstreamCacheOptions {
  /** Apollo's KeyValueCache: in memory by default, any shared store (Redis) for replicas. */
  readonly store: KeyValueCache;
  /** For data that never changes once final: completed recordings, ended conferences. */
  readonly immutableTtlSeconds: number;
  /** For data that can change: list pages, running conferences. 0: never cached. */
  readonly mutableTtlSeconds: number;
  readonly logger: Logger;
  readonly metrics?: GatewayMetrics;
}

export interface CacheStats {
  readonly hits: Readonly<Record<CacheKind, number>>;
  readonly misses: Readonly<Record<CacheKind, number>>;
}

const KEY_PREFIX = 'rg:v1';

/**
 * Cross-request cache of upstream answers (raw wire JSON), always scoped to one credential: two
 * API keys never share an entry, since entries hold pre-signed download URLs. A store failure is
 * a miss, never a failed request.
 */
export class UpstreamCache {
  private readonly hits: Record<CacheKind, number> = { recording: 0, conference: 0, list: 0 };
  private readonly misses: Record<CacheKind, number> = { recording: 0, conference: 0, list: 0 };

  constructor(readonly options: UpstreamCacheOptions) {}

  stats(): CacheStats {
    return { hits: { ...this.hits }, misses: { ...this.misses } };
  }

  forCredential(credential: string): CredentialCache {
    // A hash, so the key itself is not recoverable from the store.
    const scope = createHash('sha256').update(credential).digest('base64url').slice(0, 32);
    return new CredentialCache(this, `${KEY_PREFIX}:${scope}`);
  }

  /** @internal */
  count(kind: CacheKind, hit: boolean): void {
    if (hit) this.hits[kind] += 1;
    else this.misses[kind] += 1;
    this.options.metrics?.cacheRequests.inc({ kind, result: hit ? 'hit' : 'miss' });
  }

  /** @internal */
  async safely<T>(work: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.options.logger.warn({ err: error }, 'cache store failed; continuing without it');
      return fallback;
    }
  }
}

/** The cache as one request sees it: one credential's entries. */
export class CredentialCache {
  private generation: Promise<string> | undefined;

  constructor(
    private readonly cache: UpstreamCache,
    private readonly scope: string,
  ) {}

  async get(kind: CacheKind, path: string): Promise<string | undefined> {
    const key = await this.key(kind, path);
    const text = await this.cache.safely(() => this.cache.options.store.get(key), undefined);
    this.cache.count(kind, text !== undefined);
    return text;
  }

  async set(kind: CacheKind, path: string, text: string, ttlSeconds: number): Promise<void> {
    if (ttlSeconds <= 0) return;
    const key = await this.key(kind, path);
    await this.cache.safely(
      () => this.cache.options.store.set(key, text, { ttl: ttlSeconds }),
      undefined,
    );
  }

  /** After a delete: the object goes, and every cached list page of this credential with it. */
  async evict(kind: CacheKind, path: string): Promise<void> {
    const key = await this.key(kind, path);
    const generation = String(Date.now());
    this.generation = Promise.resolve(generation);
    const { store, immutableTtlSeconds } = this.cache.options;
    await this.cache.safely(async () => {
      await store.delete(key);
      // List keys embed the generation: a new one orphans every old page at once.
      await store.set(this.generationKey(), generation, { ttl: immutableTtlSeconds * 10 });
    }, undefined);
  }

  private async key(kind: CacheKind, path: string): Promise<string> {
    if (kind !== 'list') return `${this.scope}:${path}`;
    this.generation ??= this.cache.safely(
      async () => (await this.cache.options.store.get(this.generationKey())) ?? '0',
      '0',
    );
    return `${this.scope}:g${await this.generation}:${path}`;
  }

  private generationKey(): string {
    return `${this.scope}:generation`;
  }
}
