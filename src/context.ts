import { createLoaders, type Loaders } from './loaders/create-loaders';
import { UnauthenticatedError } from './errors';
import type { GatewayMetrics } from './observability/metrics';
import type { Secret } from './config/secret';
import type { RecordingsApiClient } from './upstream/recordings-api-client';
import type { RecordingsApi } from './upstream/recordings-api';

/** What every resolver gets: request-scoped, bound to the caller's credential. */
export interface GatewayContext {
  /** For mutations; reads go through `loaders`. */
  readonly api: RecordingsApi;
  readonly loaders: Loaders;
  /** From `x-request-id`, or made; in every log line about this request. */
  readonly requestId: string;
  /** Upstream HTTP attempts made for this request so far. */
  readonly stats: { upstreamCalls: number };
}

export interface ContextOptions {
  readonly client: RecordingsApiClient;
  /** When set, used for every upstream call and client tokens are ignored. */
  readonly serverApiKey: Secret | null;
  readonly upstreamConcurrency: number;
  readonly naiveLoaders: boolean;
  readonly metrics?: GatewayMetrics;
}

const rejectUnauthenticated = (): Promise<never> => Promise.reject(new UnauthenticatedError());

/** With no credential at all, every upstream read fails fast without an upstream call. */
const unauthenticatedApi: RecordingsApi = {
  getRecording: rejectUnauthenticated,
  listRecordings: rejectUnauthenticated,
  deleteRecording: rejectUnauthenticated,
  getConference: rejectUnauthenticated,
};

export function bearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1] ?? null;
}

export function createContextFactory(
  options: ContextOptions,
): (authorization: string | undefined, requestId: string) => GatewayContext {
  const onBatch = options.metrics
    ? (loader: string, size: number) => options.metrics?.loaderBatchSize.observe({ loader }, size)
    : undefined;
  return (authorization, requestId) => {
    const stats = { upstreamCalls: 0 };
    const credential = options.serverApiKey?.reveal() ?? bearerToken(authorization);
    const api =
      credential === null
        ? unauthenticatedApi
        : options.client.forCredential(credential, () => {
            stats.upstreamCalls += 1;
          });
    const loaders = createLoaders(api, {
      concurrency: options.upstreamConcurrency,
      naive: options.naiveLoaders,
      ...(onBatch ? { onBatch } : {}),
    });
    return { api, loaders, requestId, stats };
  };
}
