import type { Server } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { createAdmissionControl } from './admission/create-admission-control';
import { JwtAuthenticator } from './auth/jwt-authenticator';
import type { Config } from './config/config';
import type { Secret } from './config/secret';
import { gatewayContextFactory } from './context';
import { mountGatewayRoutes } from './http/gateway-routes';
import { createHttpFront, GRAPHQL_PATH, listen, urlOf } from './http/http-server';
import { startMetricsServer } from './http/metrics-route';
import { startGraphql } from './http/start-graphql';
import { startSubscriptions } from './http/start-subscriptions';
import { loadTrustedDocuments } from './http/trusted-documents';
import { startLiveBus } from './live/start-live-bus';
import { createGatewayMetrics } from './observability/create-gateway-metrics';
import type { Logger } from './observability/logger';
import type { GatewayMetrics } from './observability/metrics';
import type { RedisConnection } from './redis/redis-connection';
import { checkUpstreamAtStart } from './upstream/check-upstream-at-start';
import { createUpstreamClient } from './upstream/create-upstream-client';

export { GRAPHQL_PATH } from './http/http-server';

export interface GatewayOptions {
  readonly config: Readonly<Config>;
  readonly schema: GraphQLSchema;
  /** The upstream to use: config.upstreamUrl, or the embedded simulator's. */
  readonly upstreamUrl: URL;
  /** config.upstreamApiKey, or the embedded simulator's key. */
  readonly upstreamApiKey: Secret | null;
  readonly logger: Logger;
  /** Shared by replicas: the upstream cache, APQ and client quotas; process memory without it. */
  readonly redis?: RedisConnection | null;
  /** The webhook signing key to trust: config's, or the embedded simulator's. */
  readonly webhookPublicKey?: string | null;
}

export interface RunningGateway {
  /** e.g. http://127.0.0.1:4000/graphql */
  readonly url: URL;
  /** http://host:METRICS_PORT/metrics when metrics have their own port. */
  readonly metricsUrl: URL | null;
  readonly httpServer: Server;
  readonly metrics: GatewayMetrics;
  /** Stops accepting, finishes in-flight requests (up to the grace period), closes upstream sockets. */
  stop(): Promise<void>;
}

/**
 * The composition root, as a map: each step is an assembly in the folder it belongs to, in the
 * order a request meets them from below (upstream, the door, live, contexts) to above (GraphQL,
 * routes, subscriptions); `stop` undoes them from above.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config, logger, schema } = options;
  const redis = options.redis ?? null;
  const serverApiKey = options.upstreamApiKey;
  const trusted = config.trustedDocumentsPath
    ? loadTrustedDocuments(config.trustedDocumentsPath)
    : null;
  const metrics = createGatewayMetrics(config, trusted?.operationNames ?? [], redis);
  const upstream = createUpstreamClient({ ...options, redis, metrics });
  const { client } = upstream;
  const admission = createAdmissionControl(config, upstream, metrics);
  const live = startLiveBus(config, redis, client, logger, metrics);
  // End users are verified only when the gateway holds the provider key (config checks it).
  const authenticator =
    config.auth && serverApiKey ? new JwtAuthenticator(config.auth, logger) : null;
  const parts = {
    config,
    schema,
    client,
    serverApiKey,
    authenticator,
    redis,
    live,
    logger,
    metrics,
  };
  const createContext = gatewayContextFactory(config, parts);
  const http = createHttpFront(config);
  const graphql = await startGraphql({ ...parts, http, createContext, admission, trusted });
  http.serveGraphql(graphql.handler);
  const webhookPublicKey = options.webhookPublicKey ?? config.webhookPublicKey;
  const routes = mountGatewayRoutes(http.app, { ...parts, webhookPublicKey });
  const subscriptions = startSubscriptions({ ...parts, http, createContext, graphql });
  await listen(http.server, config.port, config.host);
  const metricsServer =
    config.metricsPort === null
      ? null
      : await startMetricsServer(metrics, config.metricsPort, config.metricsHost);
  // Not through the readiness cache: readiness asks afresh.
  const probe = client.probe(serverApiKey?.reveal() ?? null);
  await checkUpstreamAtStart(probe, options.upstreamUrl, logger);
  return {
    url: urlOf(http.server, GRAPHQL_PATH),
    metricsUrl: metricsServer ? urlOf(metricsServer, '/metrics') : null,
    httpServer: http.server,
    metrics,
    stop: async () => {
      routes.stopAccepting();
      // Subscribers are told (1001 Going Away) while in-flight requests drain; sockets that have
      // not closed by the grace period (readers that stopped reading) are cut, not waited on.
      await Promise.all([subscriptions.dispose(config.shutdownGraceMs), graphql.apollo.stop()]);
      await live.close();
      await client.close();
      admission.close();
      metricsServer?.close();
    },
  };
}
