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

// v3: values carry the time they were cached (`<epoch ms>|<wire JSON>`).
const KEY_PREFIX = 'rg:v3';
/** An entry cached this soon after a change may hold a read that started before it. */
const CHANGE_MARGIN_MS = 1000;
/** Changed paths remembered at most; older marks only matter for entries already expired. */
const MAX_CHANGE_MARKS = 50_000;

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

  /** When each path last changed, as provider events said; for every credential at once. */
  private readonly changedAt = new Map<string, number>();
  private listsChangedAt = 0;

  constructor(readonly options: UpstreamCacheOptions) {}

  /**
   * Provider events said these objects (and so every list) changed: entries cached before now,
   * under any credential, in this process's store or a shared one, are misses from now on. Each
   * replica hears the event (live bus) and marks its own view.
   */
  markChanged(paths: readonly string[], now = Date.now()): void {
    this.listsChangedAt = now;
    for (const path of paths) {
      this.changedAt.delete(path);
      this.changedAt.set(path, now);
    }
    while (this.changedAt.size > MAX_CHANGE_MARKS) {
      const oldest = this.changedAt.keys().next();
      if (oldest.done) break;
      this.changedAt.delete(oldest.value);
    }
  }

  /** @internal Whether an entry cached at `cachedAt` predates a change of its path. */
  stale(kind: CacheKind, path: string, cachedAt: number): boolean {
    const changed = kind === 'list' ? this.listsChangedAt : (this.changedAt.get(path) ?? 0);
    return changed > 0 && cachedAt <= changed + CHANGE_MARGIN_MS;
  }

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
    const stored = await this.cache.safely(() => this.cache.options.store.get(key), undefined);
    const separator = stored?.indexOf('|') ?? -1;
    const fresh =
      stored !== undefined &&
      separator > 0 &&
      !this.cache.stale(kind, path, Number(stored.slice(0, separator)));
    this.cache.count(kind, fresh);
    return fresh ? stored.slice(separator + 1) : undefined;
  }

  async set(kind: CacheKind, path: string, text: string, ttlSeconds: number): Promise<void> {
    if (ttlSeconds <= 0) return;
    const key = await this.key(kind, path);
    await this.cache.safely(
      () => this.cache.options.store.set(key, `${Date.now()}|${text}`, { ttl: ttlSeconds }),
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
      const stored = await store.get(key);
      const cachedAt = stored === undefined ? null : Number(stored.slice(0, stored.indexOf('|')));
      if (cachedAt === null || this.cache.stale(kind, path, cachedAt)) {
        await store.set(key, `${Date.now()}|${text}`, { ttl: ttlSeconds });
      }
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
