import { GraphQLError } from 'graphql';
import { Pool } from 'undici';
import type { z } from 'zod';
import type { Page } from '../domain/page';
import type { Recording } from '../domain/recording';
import {
  GatewayError,
  RateLimitedError,
  UnauthenticatedError,
  UpstreamBadResponseError,
  UpstreamUnavailableError,
  errorForUpstreamStatus,
} from '../errors';
import { ConferenceStatus } from '../domain/conference';
import type { Logger } from '../observability/logger';
import type { GatewayMetrics } from '../observability/metrics';
import { conferenceFromWire } from './map-conference';
import { recordingFromWire } from './map-recording';
import type { RecordingListQuery, RecordingsApi } from './recordings-api';
import { recordingListParams } from './recording-list-params';
import type { CacheKind, CacheStats, CredentialCache, UpstreamCache } from './upstream-cache';
import {
  UpstreamGuard,
  type BreakerState,
  type ResilienceOptions,
  type UpstreamMethod,
} from './upstream-guard';
import {
  listEnvelope,
  oneEnvelope,
  wireConferenceSchema,
  wireRecordingSchema,
} from './wire-schemas';

export interface RecordingsApiClientOptions {
  /** Base URL including the version prefix, e.g. https://api.example.com/v2 */
  readonly baseUrl: URL;
  /** Keep-alive sockets kept open to the upstream origin. */
  readonly maxConnections: number;
  readonly resilience: ResilienceOptions;
  readonly logger: Logger;
  /** Cross-request cache of upstream answers; null: none. */
  readonly cache: UpstreamCache | null;
  readonly metrics?: GatewayMetrics;
}

/** What a 2xx answer yielded: the mapped value, and the raw text for the cache. */
interface Answer<T> {
  readonly value: T;
  readonly text: string;
  readonly payload: unknown;
}

interface UpstreamRequest<T> {
  readonly method: UpstreamMethod;
  /** Route template for logs and metrics, e.g. `/recordings/{id}`: never the path or query. */
  readonly route: string;
  readonly path: string;
  /** Checks and maps a 2xx body; runs inside the guarded attempt. */
  readonly read: (payload: unknown) => T;
}

/** The upstream as readiness sees it. */
export type ProbeResult = 'ok' | 'unreachable' | 'wrong_base_path' | 'auth_failed';

/** What a request hears of the attempts made for it. */
export interface AttemptHooks {
  /** Runs before every attempt; throwing (RATE_LIMITED) stops the call before it is sent. */
  readonly beforeAttempt?: () => Promise<void>;
  /** Hears of every HTTP attempt (for per-request counts). */
  readonly onAttempt?: () => void;
}

/** What the metrics learn about one HTTP attempt while it runs. */
interface AttemptRecord {
  status: string;
}

/** A provider answer larger than this is refused rather than buffered (250 rows are ~250 KB). */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** Errors that prove the request never left: nothing upstream can have acted on it. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const recordingEnvelope = oneEnvelope(wireRecordingSchema);
const recordingListEnvelope = listEnvelope(wireRecordingSchema);
const conferenceEnvelope = oneEnvelope(wireConferenceSchema);

const readRecording = (payload: unknown) =>
  recordingFromWire(decode(recordingEnvelope, payload).data);
const readConference = (payload: unknown) =>
  conferenceFromWire(decode(conferenceEnvelope, payload).data);
const readRecordingPage = (payload: unknown): Page<Recording> => {
  const { data, meta } = decode(recordingListEnvelope, payload);
  return {
    items: data.map(recordingFromWire),
    pageNumber: meta.page_number,
    pageSize: meta.page_size,
    totalPages: meta.total_pages,
    totalResults: meta.total_results,
  };
};

/**
 * The only code that speaks the upstream's wire format. One instance per process owns the
 * keep-alive connection pool and the resilience policies; `forCredential` binds it to one
 * caller's API key.
 */
export class RecordingsApiClient {
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly guard: UpstreamGuard;
  private readonly logger: Logger;
  private readonly cache: UpstreamCache | null;
  private readonly metrics: GatewayMetrics | undefined;

  constructor(options: RecordingsApiClientOptions) {
    this.pool = new Pool(options.baseUrl.origin, {
      connections: options.maxConnections,
      keepAliveTimeout: 30_000,
    });
    this.basePath = options.baseUrl.pathname.replace(/\/+$/, '');
    this.guard = new UpstreamGuard(options.resilience, options.logger);
    this.logger = options.logger;
    this.cache = options.cache;
    this.metrics = options.metrics;
  }

  get breakerState(): BreakerState {
    return this.guard.breakerState;
  }

  get cacheStats(): CacheStats | null {
    return this.cache?.stats() ?? null;
  }

  /**
   * The API as one request sees it, bound to one credential. Once the upstream refuses that
   * credential (401), the rest of the request fails at once: a refused key is not tried again for
   * each of its fields.
   */
  forCredential(credential: string, hooks: AttemptHooks = {}): RecordingsApi {
    const cache = this.cache?.forCredential(credential) ?? null;
    let refused: UnauthenticatedError | undefined;
    const send = async <T>(request: UpstreamRequest<T>) => {
      if (refused) throw refused;
      try {
        return await this.send(credential, request, hooks);
      } catch (error) {
        if (error instanceof UnauthenticatedError) refused = error;
        throw error;
      }
    };
    const recordingPath = (id: string) => `/recordings/${encodeURIComponent(id)}`;
    const ttl = this.cache?.options ?? { immutableTtlSeconds: 0, mutableTtlSeconds: 0 };
    return {
      getRecording: (id) =>
        this.cached(send, cache, 'recording', () => ttl.immutableTtlSeconds, {
          method: 'GET',
          route: '/recordings/{id}',
          path: recordingPath(id),
          read: readRecording,
        }),
      listRecordings: async (query: RecordingListQuery) => {
        const page = await this.cached(
          send,
          cache,
          'list',
          () => ttl.mutableTtlSeconds,
          {
            method: 'GET',
            route: '/recordings',
            path: `/recordings?${recordingListParams(query).toString()}`,
            read: readRecordingPage,
          },
          // Rows of a fresh list answer later reads by id, in this request and the next ones.
          async (scope, payload, { items }) => {
            const rows = (payload as { data: unknown[] }).data;
            await Promise.all(
              items.map((item, index) =>
                scope.set(
                  'recording',
                  recordingPath(item.id),
                  JSON.stringify({ data: rows[index] }),
                  ttl.immutableTtlSeconds,
                ),
              ),
            );
          },
        );
        if (page === null) throw new UpstreamBadResponseError('the recordings list answered 404');
        return page;
      },
      deleteRecording: async (id) => {
        const path = recordingPath(id);
        const answer = await send({
          method: 'DELETE',
          route: '/recordings/{id}',
          path,
          read: readRecording,
        });
        await cache?.evict('recording', path);
        return answer?.value ?? null;
      },
      getConference: (id) =>
        this.cached(
          send,
          cache,
          'conference',
          // An ended conference is final; a running one changes.
          (conference) =>
            conference.status === ConferenceStatus.COMPLETED
              ? ttl.immutableTtlSeconds
              : ttl.mutableTtlSeconds,
          {
            method: 'GET',
            route: '/conferences/{id}',
            path: `/conferences/${encodeURIComponent(id)}`,
            read: readConference,
          },
        ),
    };
  }

  /** A GET through the cache: a hit costs no upstream call; a miss fills the entry. */
  private async cached<T>(
    send: (request: UpstreamRequest<T>) => Promise<Answer<T> | null>,
    cache: CredentialCache | null,
    kind: CacheKind,
    ttlFor: (value: T) => number,
    request: UpstreamRequest<T>,
    onFresh?: (scope: CredentialCache, payload: unknown, value: T) => Promise<void>,
  ): Promise<T | null> {
    const hit = cache ? await cache.get(kind, request.path) : undefined;
    if (hit !== undefined) return request.read(JSON.parse(hit));
    const answer = await send(request);
    if (answer === null) return null;
    if (cache) {
      await cache.set(kind, request.path, answer.text, ttlFor(answer.value));
      await onFresh?.(cache, answer.payload, answer.value);
    }
    return answer.value;
  }

  /**
   * Whether the upstream answers the list route as the provider would (for readiness and the
   * check at start): with the server key when there is one, so a revoked key shows here. Without
   * one, a 401 is as good an answer as a 200. A 404 means the base path is wrong (no `/v2`).
   */
  async probe(credential: string | null, timeoutMs = 1000): Promise<ProbeResult> {
    try {
      const response = await this.pool.request({
        method: 'GET',
        path: `${this.basePath}/recordings?page%5Bsize%5D=1`,
        headers: credential === null ? {} : { authorization: `Bearer ${credential}` },
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body.dump();
      const status = response.statusCode;
      if (status === 404) return 'wrong_base_path';
      if (credential !== null && (status === 401 || status === 403)) return 'auth_failed';
      return status < 500 ? 'ok' : 'unreachable';
    } catch {
      return 'unreachable';
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  /** Resolves the mapped body, or null on 404; throws a coded error for anything else. */
  private async send<T>(
    credential: string,
    request: UpstreamRequest<T>,
    hooks: AttemptHooks,
  ): Promise<Answer<T> | null> {
    try {
      return await this.guard.run(request.method, async (signal) => {
        await hooks.beforeAttempt?.();
        hooks.onAttempt?.();
        const seen: AttemptRecord = { status: 'none' };
        return this.measured(request, signal, seen, () =>
          this.attempt(credential, request, signal, seen),
        );
      });
    } catch (error) {
      const code = error instanceof GatewayError ? error.code : 'UNEXPECTED';
      // A caller's refused key or spent share is the caller's business, not an upstream fault.
      const level =
        error instanceof UnauthenticatedError || error instanceof RateLimitedError
          ? 'debug'
          : 'warn';
      this.logger[level](
        { method: request.method, route: request.route, code },
        'upstream call failed',
      );
      throw error;
    }
  }

  /** Records one HTTP attempt in the metrics: route template, status and outcome. */
  private async measured<T>(
    { method, route }: UpstreamRequest<unknown>,
    signal: AbortSignal,
    seen: AttemptRecord,
    attempt: () => Promise<T>,
  ): Promise<T> {
    const metrics = this.metrics;
    if (!metrics) return attempt();
    const stopTimer = metrics.upstreamDuration.startTimer({ route, method });
    let outcome = 'ok';
    try {
      return await attempt();
    } catch (error) {
      outcome = signal.aborted
        ? 'timeout'
        : error instanceof UpstreamUnavailableError
          ? 'network'
          : error instanceof UpstreamBadResponseError
            ? 'bad_response'
            : 'error_status';
      throw error;
    } finally {
      stopTimer();
      metrics.upstreamRequests.inc({ route, method, status: seen.status, outcome });
    }
  }

  private async attempt<T>(
    credential: string,
    { method, route, path, read }: UpstreamRequest<T>,
    signal: AbortSignal,
    seen: AttemptRecord,
  ): Promise<Answer<T> | null> {
    let text: string;
    try {
      const response = await this.pool.request({
        method,
        path: this.basePath + path,
        headers: { authorization: `Bearer ${credential}`, accept: 'application/json' },
        signal,
      });
      seen.status = String(response.statusCode);
      if (response.statusCode === 404) {
        await response.body.dump();
        return null;
      }
      if (response.statusCode < 200 || response.statusCode >= 300) {
        await response.body.dump();
        this.logger.debug({ method, route, status: response.statusCode }, 'upstream error status');
        throw errorForUpstreamStatus(response.statusCode, retryAfterSeconds(response.headers));
      }
      text = await readBody(response.body);
    } catch (error) {
      if (isTransportError(error) && !signal.aborted) {
        const code = String((error as { code?: unknown }).code);
        this.logger.debug({ method, route, code }, 'upstream unreachable');
        throw new UpstreamUnavailableError(undefined, NOT_SENT_CODES.has(code));
      }
      throw error;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      throw new UpstreamBadResponseError('the body is not JSON (or was cut short)');
    }
    return { value: read(payload), text, payload };
  }
}

async function readBody(body: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new UpstreamBadResponseError('the body is too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function decode<T extends z.ZodType>(schema: T, payload: unknown): z.infer<T> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  // Path and rule only: values may hold pre-signed URLs.
  const issue = result.error.issues[0];
  const where = issue === undefined ? 'body' : issue.path.join('.') || 'body';
  throw new UpstreamBadResponseError(`${where}: ${issue?.code ?? 'invalid'}`);
}

type Headers = Record<string, string | string[] | undefined>;

function retryAfterSeconds(headers: Headers): number | undefined {
  for (const name of ['retry-after', 'x-ratelimit-reset']) {
    const raw = headers[name];
    const value = Number(Array.isArray(raw) ? raw[0] : raw);
    if (raw !== undefined && Number.isFinite(value) && value >= 0) return value;
  }
  return undefined;
}

/** Socket-level failures: undici's UND_ERR_* and Node's system errors (ECONNREFUSED, ...). */
function isTransportError(error: unknown): boolean {
  // Duck-typed: system errors may come from another realm, where instanceof Error fails.
  if (typeof error !== 'object' || error === null || error instanceof GraphQLError) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('UND_ERR') || code.startsWith('E'));
}
