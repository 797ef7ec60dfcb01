import { createHash } from 'node:crypto';
import { ClientRateLimit } from './admission/client-rate-limit';
import { OPEN_CALLER, type Caller } from './auth/caller';
import type { JwtAuthenticator } from './auth/jwt-authenticator';
import type { Config } from './config/config';
import type { Secret } from './config/secret';
import { UnauthenticatedError } from './errors';
import { createLoaders, type Loaders } from './loaders/create-loaders';
import type { PagingDrift, ProviderPaging } from './loaders/list-window-loader';
import type { Logger } from './observability/logger';
import type { GatewayMetrics } from './observability/metrics';
import type { OperationTrace } from './observability/tracing';
import type { RecordingsApiClient } from './upstream/recordings-api-client';
import { MAX_UPSTREAM_PAGE_SIZE, type RecordingsApi } from './upstream/recordings-api';
import { Deadline } from './upstream/scheduling/deadline';
import type { LiveBus } from './live/live-bus';
import type { RedisConnection } from './redis/redis-connection';

/** What this HTTP request's operations have been priced at so far; a batch shares it. */
export interface RequestBudget {
  objects: number;
  upstreamCalls: number;
}

/** What every resolver gets: request-scoped, bound to the caller's credential. */
export interface GatewayContext {
  /** For mutations; reads go through `loaders`. */
  readonly api: RecordingsApi;
  readonly loaders: Loaders;
  /** From `x-request-id`, or made; in every log line about this request. */
  readonly requestId: string;
  /** Upstream HTTP attempts made for this request so far. */
  readonly stats: { upstreamCalls: number };
  readonly budget: RequestBudget;
  /** Who is calling, for per-client limits: a hash of a forwarded key, or an address. */
  readonly clientKey: string;
  /** True when this mode needs a caller credential and the request brought none. */
  readonly anonymous: boolean;
  /** The end user, when end-user authentication is on. */
  readonly caller: Caller;
  /** When this request must be answered by; every upstream call it makes inherits it. */
  readonly deadline: Deadline;
  /** Which upstream credential this request reads with (a hash; 'none' without one). */
  readonly credentialId: string;
  /** Provider events, for subscriptions; null where this process takes none. */
  readonly live: LiveBus | null;
  /** This request's operation span, when it is traced. */
  readonly trace: OperationTrace | undefined;
  /**
   * A fresh context for the same caller: fresh loaders and a deadline of its own (or the one
   * given). A subscription takes one for each event it answers (`adoptContext`), its reads under
   * that event's span when it is traced.
   */
  readonly renew: (deadline?: Deadline, trace?: OperationTrace) => Promise<GatewayContext>;
}

/**
 * Makes `context` answer like `fresh` from now on: a subscription's context object lives as long
 * as the subscription, while each event must read afresh, within a deadline of its own.
 */
export function adoptContext(context: GatewayContext, fresh: GatewayContext): void {
  Object.assign(context, fresh);
}

/** The parts of an HTTP request the context is made from. */
export interface RequestFacts {
  readonly authorization: string | undefined;
  readonly requestId: string;
  /**
   * The client's address (after `trust proxy`), worked out only when the context needs it. A
   * function, not a getter: a getter in an object literal gives every request's facts a hidden
   * class of its own, made in the old generation (17 full collections in 6 s of 50-row pages).
   */
  readonly remoteAddress: () => string;
  /** When the request must be answered by (the endpoint owns its timer). */
  readonly deadline: Deadline;
  /** The operation span its work hangs under, when tracing is on. */
  readonly trace?: OperationTrace | undefined;
}

export interface ContextOptions {
  readonly client: RecordingsApiClient;
  /** When set, used for every upstream call and client tokens are ignored. */
  readonly serverApiKey: Secret | null;
  readonly upstreamConcurrency: number;
  readonly naiveLoaders: boolean;
  readonly clientRateLimit: ClientRateLimit;
  /** Verifies end users' tokens; null when this mode has no end-user authentication. */
  readonly authenticator: JwtAuthenticator | null;
  /** How the provider pages, as this process learned it. */
  readonly paging: ProviderPaging;
  /** Hears when the provider's pages were not what was asked. */
  readonly onPagingDrift?: (kind: PagingDrift, detail: string) => void;
  readonly metrics?: GatewayMetrics;
  readonly live?: LiveBus | null;
  /** The deadline of the reads one subscription event makes. */
  readonly eventDeadlineMs?: number;
}

const rejectUnauthenticated = (): Promise<never> => Promise.reject(new UnauthenticatedError());

/** With no credential at all, every upstream read fails fast without an upstream call. */
const unauthenticatedApi: RecordingsApi = {
  getRecording: rejectUnauthenticated,
  listRecordings: rejectUnauthenticated,
  deleteRecording: rejectUnauthenticated,
  deleteRecordings: rejectUnauthenticated,
  getConference: rejectUnauthenticated,
  listConferences: rejectUnauthenticated,
  listParticipants: rejectUnauthenticated,
  getTranscription: rejectUnauthenticated,
  listTranscriptions: rejectUnauthenticated,
  deleteTranscription: rejectUnauthenticated,
  controlConferenceRecording: rejectUnauthenticated,
  controlCallRecording: rejectUnauthenticated,
};

export function bearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1] ?? null;
}

/** A stable, non-reversible name for a credential, for limits and logs. */
function credentialKey(credential: string): string {
  return createHash('sha256').update(credential).digest('base64url').slice(0, 22);
}

export type ContextFactory = (request: RequestFacts) => Promise<GatewayContext>;

/**
 * Makes each HTTP request's context: the caller's credential, loaders bound to it, and the
 * client's share of upstream calls. A client that has spent its share is refused here, before
 * its operation is even parsed.
 */
export function createContextFactory(options: ContextOptions): ContextFactory {
  const onBatch = options.metrics
    ? (loader: string, size: number) => options.metrics?.recordLoaderBatch(loader, size)
    : undefined;
  const { clientRateLimit } = options;
  const serverCredentialId = options.serverApiKey
    ? credentialKey(options.serverApiKey.reveal())
    : null;
  const eventDeadlineMs = options.eventDeadlineMs ?? 10_000;
  const factory: ContextFactory = async (facts) => {
    const { authorization, requestId, deadline } = facts;
    // With a server key every upstream call uses it: the bearer is then the end user's token,
    // read by the authenticator alone and never sent upstream.
    const bearer = options.serverApiKey ? null : bearerToken(authorization);
    const credential = options.serverApiKey?.reveal() ?? bearer;
    const caller = options.authenticator
      ? await options.authenticator.authenticate(authorization)
      : OPEN_CALLER;
    // A signed-in user, a forwarded key, or else the address names the client.
    const clientKey =
      caller.kind === 'user'
        ? `user:${caller.subject}`
        : options.serverApiKey === null && bearer !== null
          ? `key:${credentialKey(bearer)}`
          : `addr:${facts.remoteAddress()}`;
    await clientRateLimit.admit(clientKey);
    const stats = { upstreamCalls: 0 };
    const api =
      credential === null
        ? unauthenticatedApi
        : options.client.forCredential(
            { value: credential, kind: options.serverApiKey ? 'server' : 'client' },
            {
              deadline,
              trace: facts.trace?.parent,
              onAttempt: () => {
                stats.upstreamCalls += 1;
              },
              beforeAttempt: () => clientRateLimit.spend(clientKey),
            },
          );
    const loaders = createLoaders(api, {
      concurrency: options.upstreamConcurrency,
      signal: deadline.signal,
      paging: options.paging,
      naive: options.naiveLoaders,
      trace: facts.trace?.parent,
      ...(onBatch ? { onBatch } : {}),
      ...(options.onPagingDrift ? { onPagingDrift: options.onPagingDrift } : {}),
    });
    return {
      api,
      loaders,
      requestId,
      stats,
      budget: { objects: 0, upstreamCalls: 0 },
      clientKey,
      anonymous: credential === null || caller.kind === 'refused' || caller.kind === 'unavailable',
      caller,
      deadline,
      credentialId:
        serverCredentialId ?? (bearer === null ? 'none' : clientKey.slice('key:'.length)),
      live: options.live ?? null,
      trace: facts.trace,
      // A renewed context (a subscription's next event) is not part of the first request's trace:
      // it is in its event's, when given.
      renew: (given, eventTrace) =>
        factory({
          ...facts,
          trace: eventTrace,
          deadline: given ?? Deadline.after(eventDeadlineMs),
        }),
    };
  };
  return factory;
}

/** The parts of the process a gateway's contexts are made with. */
export interface GatewayContextParts {
  readonly client: RecordingsApiClient;
  readonly serverApiKey: Secret | null;
  readonly authenticator: JwtAuthenticator | null;
  readonly redis: RedisConnection | null;
  readonly live: LiveBus;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
}

/** The gateway's context factory, from its settings: quotas, paging, drift reports, deadlines. */
export function gatewayContextFactory(
  config: Readonly<Config>,
  parts: GatewayContextParts,
): ContextFactory {
  const { redis, logger, metrics } = parts;
  return createContextFactory({
    client: parts.client,
    serverApiKey: parts.serverApiKey,
    upstreamConcurrency: config.upstreamConcurrency,
    naiveLoaders: config.benchNaiveLoaders,
    authenticator: parts.authenticator,
    paging: { maxPageSize: MAX_UPSTREAM_PAGE_SIZE },
    onPagingDrift: (kind, detail) => {
      const field = kind === 'unordered_list' ? 'created_at' : 'meta';
      metrics.upstreamDrift.inc({ resource: 'page', field, kind, value: '' });
      logger.warn({ drift: kind, detail }, 'upstream pages were not what was asked');
    },
    clientRateLimit: new ClientRateLimit({
      callsPerMinute: config.clientRateLimitPerMinute,
      ...(redis ? { redis } : {}),
    }),
    metrics,
    live: parts.live,
    eventDeadlineMs: config.requestDeadlineMs,
  });
}
