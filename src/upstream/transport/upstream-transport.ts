// Longer than 300 lines: one attempt pipeline (pool, deadline, size cap, status mapping, probe) in
// one class, on the hot path; its policies (scheduler, pacer, breaker, cache) are files of their
// own.
import { GraphQLError } from 'graphql';
import { Pool } from 'undici';
import {
  GatewayError,
  OverloadedError,
  RateLimitedError,
  UnauthenticatedError,
  UpstreamAuthFailedError,
  UpstreamBadResponseError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from '../../errors';
import type { Logger } from '../../observability/logger';
import type { GatewayMetrics } from '../../observability/metrics';
import { startClientSpan, traceIds, type TraceParent } from '../../observability/tracing';
import { Deadline, type DeadlineSignal } from '../scheduling/deadline';
import { RatePacer } from '../scheduling/rate-pacer';
import type { BreakerState } from '../scheduling/circuit-breaker';
import type { UpstreamMethod, UpstreamScheduler } from '../scheduling/upstream-scheduler';
import { bufferedRequest } from './buffered-request';
import { meaningOfStatus, type CredentialKind } from './upstream-status';

export interface UpstreamTransportOptions {
  /** Base URL including the version prefix, e.g. https://api.example.com/v2 */
  readonly baseUrl: URL;
  /**
   * Keep-alive sockets to the upstream origin: at least the most calls the scheduler lets run at
   * once, so that undici's own queue stays empty and a call's timeout starts on the wire.
   */
  readonly maxConnections: number;
  /** A provider answer larger than this is refused rather than buffered (250 rows are ~250 KB). */
  readonly maxResponseBytes: number;
  readonly scheduler: UpstreamScheduler;
  /** Longest one logical call may take when its request set no deadline. */
  readonly callDeadlineMs: number;
  readonly logger: Logger;
  readonly metrics?: GatewayMetrics;
}

/** The key an upstream call is made with, and whose it is. */
export interface Credential {
  readonly value: string;
  readonly kind: CredentialKind;
}

export interface UpstreamRequest<T> {
  readonly method: UpstreamMethod;
  /** Route template for logs and metrics, e.g. `/recordings/{id}`: never the path or query. */
  readonly route: string;
  /** After the base path, with the query string. */
  readonly path: string;
  /** Sent as JSON (POST). */
  readonly body?: unknown;
  /** Reads a 2xx answer's text ('' for a 204); throws UpstreamBadResponseError. */
  readonly read: (text: string, status: number) => T;
  /** For a 400/422: which GraphQL argument each upstream parameter came from. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** A command: a 422 refusal is the caller's BAD_USER_INPUT (see meaningOfStatus). */
  readonly command?: boolean;
}

/** What a 2xx answer yielded: the value, and the raw text for the cache. */
export interface Answer<T> {
  readonly value: T;
  readonly text: string;
}

/** The provider's "not found" (with its error envelope): reads turn it into null. */
export const NOT_FOUND = Symbol('not found');

/** What a request hears of the attempts made for it. */
export interface AttemptHooks {
  /** The request's deadline: every call it makes ends by then. */
  readonly deadline?: Deadline;
  /**
   * Runs before every attempt; throwing or rejecting (RATE_LIMITED) stops the call before it is
   * sent. Undefined: nothing to wait for.
   */
  readonly beforeAttempt?: () => Promise<void> | undefined;
  /** Hears of every HTTP attempt (for per-request counts). */
  readonly onAttempt?: () => void;
  /** Hears at once that the upstream refused the credential (401), before anything else runs. */
  readonly onRefused?: (error: Error) => void;
  /** The span this request's calls hang under, when it is traced. */
  readonly trace?: TraceParent | undefined;
}

/** The upstream as readiness sees it. */
export type ProbeResult = 'ok' | 'unreachable' | 'wrong_base_path' | 'auth_failed';

/** Errors that prove the request never left: nothing upstream can have acted on it. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * The HTTP side of the upstream client: one keep-alive pool per process, the resilience policies,
 * metrics per attempt, a bounded body, and the meaning of every status. It knows no resource:
 * each request brings its own route and reader.
 */
export class UpstreamTransport {
  readonly pool: Pool;
  private readonly basePath: string;
  private readonly scheduler: UpstreamScheduler;
  private readonly logger: Logger;
  private readonly metrics: GatewayMetrics | undefined;

  constructor(private readonly options: UpstreamTransportOptions) {
    this.pool = new Pool(options.baseUrl.origin, {
      connections: options.maxConnections,
      maxResponseSize: options.maxResponseBytes,
      keepAliveTimeout: 30_000,
    });
    this.basePath = options.baseUrl.pathname.replace(/\/+$/, '');
    this.scheduler = options.scheduler;
    this.logger = options.logger;
    this.metrics = options.metrics;
  }

  get breakerState(): BreakerState {
    return this.scheduler.breakerState;
  }

  /**
   * The mapped answer, or NOT_FOUND; rejects with a coded error for anything else. Not an async
   * function: a frame per layer would wait beside every call on the wire.
   */
  send<T>(
    credential: Credential,
    request: UpstreamRequest<T>,
    hooks: AttemptHooks = {},
  ): Promise<Answer<T> | typeof NOT_FOUND> {
    const deadline = (hooks.deadline ?? Deadline.after(this.options.callDeadlineMs)).capped(
      this.options.callDeadlineMs,
    );
    const call = {
      method: request.method,
      paceKey: RatePacer.keyOf(credential.value),
      deadline,
    };
    return this.scheduler
      .run(call, (signal, answered, timeoutMs, queuedMs, resends) =>
        this.attempt(credential, request, signal, answered, hooks, timeoutMs, queuedMs, resends),
      )
      .catch((error: unknown) => {
        this.logFailure(request, error, hooks.trace);
        throw error;
      });
  }

  private logFailure(
    request: UpstreamRequest<unknown>,
    error: unknown,
    trace: TraceParent | undefined,
  ): void {
    const code = error instanceof GatewayError ? error.code : 'UNEXPECTED';
    const where = {
      method: request.method,
      route: request.route,
      code,
      ...(trace ? traceIds(trace) : {}),
    };
    if (error instanceof UpstreamAuthFailedError) {
      // The gateway's own key: every user is affected until an operator acts.
      this.metrics?.upstreamAuthFailures.inc();
      this.logger.error(where, 'the upstream refused the server API key');
    } else if (
      error instanceof UnauthenticatedError ||
      error instanceof RateLimitedError ||
      error instanceof OverloadedError
    ) {
      // A caller's refused key or spent share is the caller's business.
      this.logger.debug(where, 'upstream call failed');
    } else {
      this.logger.warn(where, 'upstream call failed');
    }
  }

  /**
   * Whether the upstream answers the list route as the provider would (readiness, and the check
   * at start): with the server key when there is one, so a revoked key shows here. Without one, a
   * 401 is as good an answer as a 200. A 404 means the base path is wrong (no `/v2`).
   */
  async probe(serverKey: string | null, timeoutMs = 1000): Promise<ProbeResult> {
    try {
      const response = await this.pool.request({
        method: 'GET',
        path: `${this.basePath}/recordings?page%5Bsize%5D=1`,
        headers: serverKey === null ? {} : { authorization: `Bearer ${serverKey}` },
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body.dump();
      const status = response.statusCode;
      // The server key's rate limit is known before the first user's call.
      if (serverKey !== null) {
        await this.scheduler.observe(RatePacer.keyOf(serverKey), status, response.headers);
      }
      if (status === 404) return 'wrong_base_path';
      if (serverKey !== null && (status === 401 || status === 403)) return 'auth_failed';
      return status < 500 ? 'ok' : 'unreachable';
    } catch {
      return 'unreachable';
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  /** One HTTP attempt, recorded in the metrics by route template, status and outcome. */
  private async attempt<T>(
    credential: Credential,
    request: UpstreamRequest<T>,
    signal: DeadlineSignal,
    answered: (
      status: number,
      headers: Readonly<Record<string, string | string[] | undefined>>,
    ) => void,
    hooks: AttemptHooks,
    timeoutMs: number,
    queuedMs: number,
    resends: number,
  ): Promise<Answer<T> | typeof NOT_FOUND> {
    const ready = hooks.beforeAttempt?.();
    if (ready) await ready;
    hooks.onAttempt?.();
    const { method, route, path, body } = request;
    const started = performance.now();
    // Undefined unless tracing is on: then the attempt's span, whose traceparent goes with it.
    const span = startClientSpan(
      hooks.trace,
      method,
      route,
      this.options.baseUrl,
      queuedMs,
      resends,
    );
    let status = 0;
    let outcome = 'ok';
    let failure: unknown;
    try {
      let text: string;
      let headers: Readonly<Record<string, string | string[] | undefined>>;
      const sent: Record<string, string> =
        body === undefined
          ? { authorization: `Bearer ${credential.value}`, accept: 'application/json' }
          : {
              authorization: `Bearer ${credential.value}`,
              accept: 'application/json',
              'content-type': 'application/json',
            };
      span?.inject(sent);
      try {
        const response = await bufferedRequest(this.pool, {
          method,
          path: this.basePath + path,
          headers: sent,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal,
          // undici starts these when the request is written: time in a queue does not count.
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        status = response.statusCode;
        headers = response.headers;
        text = response.text;
      } catch (error) {
        throw this.transportFailure(error, request, signal, timeoutMs);
      }
      if (status >= 200 && status < 300) {
        answered(status, headers);
        return { value: request.read(text, status), text };
      }
      const meaning = meaningOfStatus(
        status,
        text,
        headers,
        credential.kind,
        request.parameters ?? {},
        request.command,
      );
      // Said before the pacer lets this key's waiting calls go: they must see the refusal.
      if (status === 401 && meaning.kind === 'error') hooks.onRefused?.(meaning.error);
      answered(status, headers);
      if (meaning.kind === 'not_found') return NOT_FOUND;
      this.logger.debug({ method, route, status }, 'upstream error status');
      outcome = 'error_status';
      throw meaning.error;
    } catch (error) {
      failure = error;
      if (outcome === 'ok') {
        outcome =
          signal.aborted || error instanceof UpstreamTimeoutError
            ? 'timeout'
            : error instanceof UpstreamUnavailableError
              ? 'network'
              : error instanceof UpstreamBadResponseError
                ? 'bad_response'
                : 'error_status';
      }
      throw error;
    } finally {
      this.metrics?.recordUpstream(
        route,
        method,
        status === 0 ? 'none' : String(status),
        outcome,
        (performance.now() - started) / 1000,
      );
      span?.end(status, failure === undefined ? undefined : errorCodeOf(failure));
    }
  }

  /** What a failure to send or to read an answer means, as a coded error. */
  private transportFailure(
    error: unknown,
    { method, route }: UpstreamRequest<unknown>,
    signal: DeadlineSignal,
    timeoutMs: number,
  ): unknown {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      return new UpstreamTimeoutError(timeoutMs);
    }
    if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
      return new UpstreamBadResponseError(
        `the answer is larger than ${this.options.maxResponseBytes} bytes`,
      );
    }
    if (isTransportError(error) && !signal.aborted) {
      const reason = String(code);
      this.logger.debug({ method, route, code: reason }, 'upstream unreachable');
      return new UpstreamUnavailableError(undefined, NOT_SENT_CODES.has(reason));
    }
    return error;
  }
}

/** The stable code a span names a failure by. */
function errorCodeOf(error: unknown): string {
  return error instanceof GatewayError ? error.code : 'UNEXPECTED';
}

/** Socket-level failures: undici's UND_ERR_* and Node's system errors (ECONNREFUSED, ...). */
function isTransportError(error: unknown): boolean {
  // Duck-typed: system errors may come from another realm, where instanceof Error fails.
  if (typeof error !== 'object' || error === null || error instanceof GraphQLError) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('UND_ERR') || code.startsWith('E'));
}

/** Parses a JSON answer; a body that is not JSON is the upstream's fault, named as such. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UpstreamBadResponseError(`the ${what} answer is not JSON`);
  }
}
