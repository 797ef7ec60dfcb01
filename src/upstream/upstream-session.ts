import type { Row } from '../domain/page';
import { UnauthenticatedError, UpstreamAuthFailedError, ForbiddenError } from '../errors';
import type { CacheKind, CredentialCache } from './cache/upstream-cache';
import type { DriftObserver } from './decode/drift-observer';
import {
  NOT_FOUND,
  type Answer,
  type AttemptHooks,
  type Credential,
  type UpstreamRequest,
  type UpstreamTransport,
} from './transport/upstream-transport';

export interface CacheTtls {
  readonly immutableTtlSeconds: number;
  readonly mutableTtlSeconds: number;
}

/**
 * The upstream as one GraphQL request sees it: one credential, its cache entries, its attempt
 * hooks. Once the provider refuses the credential (401), the rest of the request fails at once,
 * and every cache entry of that credential is evicted: a revoked key reads nothing more, from
 * the provider or from the cache.
 */
export class UpstreamSession {
  private refused: Error | undefined;

  private readonly hooks: AttemptHooks;

  constructor(
    private readonly transport: UpstreamTransport,
    readonly credential: Credential,
    readonly cache: CredentialCache | null,
    readonly ttls: CacheTtls,
    readonly drift: DriftObserver,
    hooks: AttemptHooks,
  ) {
    // Calls already waiting (for a slot, a rate window) when the key was refused do not go out.
    // Spelled out, not spread: a spread of a per-request object is a slow path, every request.
    this.hooks = {
      deadline: hooks.deadline,
      trace: hooks.trace,
      onAttempt: hooks.onAttempt,
      beforeAttempt: () => {
        if (this.refused) throw this.refused;
        return hooks.beforeAttempt?.();
      },
      onRefused: (error) => {
        this.refused ??= error;
      },
    };
  }

  /**
   * Sends a request; NOT_FOUND for the provider's "not found". The outcome is passed on, not
   * awaited here: no frame of this layer waits beside each call on the wire.
   */
  send<T>(request: UpstreamRequest<T>): Promise<Answer<T> | typeof NOT_FOUND> {
    if (this.refused) return Promise.reject(this.refused);
    return this.transport.send(this.credential, request, this.hooks).catch(this.onFailure);
  }

  private readonly onFailure = async (error: unknown): Promise<never> => {
    if (
      error instanceof UnauthenticatedError ||
      error instanceof ForbiddenError ||
      error instanceof UpstreamAuthFailedError
    ) {
      await this.cache?.evictAll();
      // A 401 refuses the key itself; a 403 may be about one resource only.
      const keyRefused =
        error instanceof UnauthenticatedError ||
        (error instanceof UpstreamAuthFailedError && error.upstreamStatus === 401);
      if (keyRefused) this.refused = error;
    }
    throw error;
  };

  /**
   * A GET through the cache: a hit costs no upstream call (and is decoded again), a miss fills
   * the entry with the TTL the decoded value deserves. Null for "not found".
   */
  cachedGet<T>(
    kind: CacheKind,
    request: UpstreamRequest<T>,
    ttlFor: (value: T) => number,
    onFresh?: (value: T) => Promise<void>,
  ): Promise<T | null> {
    // Without a cache (or anything to do after), the answer's value is the result.
    if (this.cache === null && onFresh === undefined) return this.send(request).then(valueOf);
    return this.throughCache(kind, request, ttlFor, onFresh);
  }

  private async throughCache<T>(
    kind: CacheKind,
    request: UpstreamRequest<T>,
    ttlFor: (value: T) => number,
    onFresh?: (value: T) => Promise<void>,
  ): Promise<T | null> {
    const hit = this.cache ? await this.cache.get(kind, request.path) : undefined;
    if (hit !== undefined) return request.read(hit, 200);
    const answer = await this.send(request);
    if (answer === NOT_FOUND) return null;
    await this.cache?.set(kind, request.path, answer.text, ttlFor(answer.value));
    await onFresh?.(answer.value);
    return answer.value;
  }
}

function valueOf<T>(answer: Answer<T> | typeof NOT_FOUND): T | null {
  return answer === NOT_FOUND ? null : answer.value;
}

/** A single object read: its row, or the error the row stands for. */
export function itemOrThrow<T>(row: Row<T>): T {
  if (row instanceof Error) throw row;
  return row;
}
