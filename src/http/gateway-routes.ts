import type { Express } from 'express';
import type { JwtAuthenticator } from '../auth/jwt-authenticator';
import type { Config } from '../config/config';
import type { Secret } from '../config/secret';
import type { LiveBus } from '../live/live-bus';
import { SeenEvents } from '../live/seen-events';
import { ed25519PublicKey, WebhookSignature } from '../live/webhook-signature';
import type { Logger } from '../observability/logger';
import type { GatewayMetrics } from '../observability/metrics';
import type { RedisConnection } from '../redis/redis-connection';
import type { ProbeResult, RecordingsApiClient } from '../upstream/recordings-api-client';
import { healthRoutes } from './health';
import { httpErrorHandler } from './http-error-handler';
import { metricsHandler } from './metrics-route';
import { requestId } from './request-id';
import { WEBHOOK_PATH, webhookRoute } from './webhook-route';

export interface GatewayRoutesOptions {
  readonly config: Readonly<Config>;
  readonly client: RecordingsApiClient;
  /** The key readiness probes the upstream with: the server key, when there is one. */
  readonly serverApiKey: Secret | null;
  /** The webhook signing key to trust: config's, or the embedded simulator's. */
  readonly webhookPublicKey: string | null;
  readonly live: LiveBus;
  readonly redis: RedisConnection | null;
  readonly authenticator: JwtAuthenticator | null;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
}

/** Readiness asks the upstream at most this often; probes in between share the answer. */
const PROBE_CACHE_MS = 2000;

/**
 * Every route but /graphql: signed webhooks into the live bus, health and readiness, /metrics when
 * it has no port of its own. Returns the switch readiness turns to "draining" with.
 */
export function mountGatewayRoutes(
  app: Express,
  options: GatewayRoutesOptions,
): { stopAccepting(): void } {
  const { config, client, redis, logger, metrics } = options;
  const probeKey = options.serverApiKey?.reveal() ?? null;
  let accepting = true;
  let probe: { at: number; result: Promise<ProbeResult> } | undefined;
  const upstreamState = (): Promise<ProbeResult> => {
    if (!probe || Date.now() - probe.at > PROBE_CACHE_MS) {
      probe = { at: Date.now(), result: client.probe(probeKey) };
    }
    return probe.result;
  };
  app.use(requestId());
  const webhooks = webhookRoute({
    signature: options.webhookPublicKey
      ? new WebhookSignature(
          ed25519PublicKey(options.webhookPublicKey),
          config.webhookToleranceSeconds,
        )
      : null,
    maxBodyBytes: config.webhookMaxBodyBytes,
    seen: new SeenEvents(
      config.webhookDedupeSeconds,
      redis,
      Date.now,
      // Valid from the tolerance before now to the tolerance after.
      2 * config.webhookToleranceSeconds,
    ),
    act: (event, trace) => options.live.publish(event, trace),
    logger,
    metrics,
  });
  app.post(WEBHOOK_PATH, (request, response, next) => {
    webhooks(request, response).catch(next);
  });
  app.use(
    healthRoutes({
      accepting: () => accepting,
      breakerState: () => client.breakerState,
      upstream: upstreamState,
      redis: () => (redis === null ? Promise.resolve(null) : redis.state()),
      jwks: () => options.authenticator?.jwksState ?? null,
    }),
  );
  if (config.metricsPort === null) app.get('/metrics', metricsHandler(metrics));
  app.use(httpErrorHandler(logger));
  return {
    stopAccepting: () => {
      accepting = false;
    },
  };
}
