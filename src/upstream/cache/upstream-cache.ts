import { createHash } from 'node:crypto';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { Logger } from '../../observability/logger';
import type { GatewayMetrics } from '../../observability/metrics';

/** What a cache entry holds: one upstream object, or one list page. */
export type CacheKind = 'recording' | 'conference' | 'transcription' | 'list';

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

const KEY_PREFIX = 'rg:v2';

/**
 * Cross-request cache of upstream answers (raw wire JSON), always scoped to one credential: two
 * API keys never share an entry, since entries hold pre-signed download URLs. Evictions are
 * generations in the keys: bumping a credential's list generation orphans all its list pages at
 * once, bumping its "all" generation everything it cached (the provider refused the key). A store
 * failure is a miss, never a failed request.
 */
export class UpstreamCache {
  private readonly hits: Record<CacheKind, number> = {
    recording: 0,
    conference: 0,
    transcription: 0,
    list: 0,
  };
  private readonly misses: Record<CacheKind, number> = {
    recording: 0,
    conference: 0,
    transcription: 0,
    list: 0,
  };

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

interface Generations {
  readonly all: string;
  readonly lists: string;
}

/** The cache as one request sees it: one credential's entries. */
export class CredentialCache {
  private generations: Promise<Generations> | undefined;

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

  /** Writes only where nothing is cached: a row from a list never replaces a fresher read. */
  async setIfAbsent(
    kind: CacheKind,
    path: string,
    text: string,
    ttlSeconds: number,
  ): Promise<void> {
    if (ttlSeconds <= 0) return;
    const key = await this.key(kind, path);
    const { store } = this.cache.options;
    await this.cache.safely(async () => {
      if ((await store.get(key)) === undefined) await store.set(key, text, { ttl: ttlSeconds });
    }, undefined);
  }

  /** One object goes, and every cached list page of this credential with it (a delete). */
  async evict(kind: CacheKind, path: string): Promise<void> {
    await this.evictEach(kind, [path]);
  }

  /** Several objects go (a bulk delete), and the list pages once. */
  async evictEach(kind: CacheKind, paths: readonly string[]): Promise<void> {
    const keys = await Promise.all(paths.map((path) => this.key(kind, path)));
    const { store } = this.cache.options;
    await Promise.all(keys.map((key) => this.cache.safely(() => store.delete(key), false)));
    await this.bump((current) => ({ all: current.all, lists: String(Date.now()) }));
  }

  /** Everything this credential cached goes: the provider no longer accepts it (401/403). */
  async evictAll(): Promise<void> {
    await this.bump((current) => ({ all: String(Date.now()), lists: current.lists }));
  }

  private async bump(next: (current: Generations) => Generations): Promise<void> {
    const current = await this.current();
    const generations = next(current);
    this.generations = Promise.resolve(generations);
    const { store, immutableTtlSeconds } = this.cache.options;
    await this.cache.safely(
      () =>
        store.set(this.generationKey(), `${generations.all}.${generations.lists}`, {
          // Outlives every entry it orphans.
          ttl: Math.max(immutableTtlSeconds, 60) * 10,
        }),
      undefined,
    );
  }

  private current(): Promise<Generations> {
    this.generations ??= this.cache.safely(
      async () => {
        const text = (await this.cache.options.store.get(this.generationKey())) ?? '0.0';
        const [all = '0', lists = '0'] = text.split('.');
        return { all, lists };
      },
      { all: '0', lists: '0' },
    );
    return this.generations;
  }

  private async key(kind: CacheKind, path: string): Promise<string> {
    const { all, lists } = await this.current();
    return kind === 'list'
      ? `${this.scope}:a${all}:l${lists}:${path}`
      : `${this.scope}:a${all}:${path}`;
  }

  private generationKey(): string {
    return `${this.scope}:generation`;
  }
}
