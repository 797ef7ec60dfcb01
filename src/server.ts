import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import express from 'express';
import proxyAddr from 'proxy-addr';
import type { GraphQLSchema } from 'graphql';
import { AdmissionControl } from './admission/admission-control';
import { ClientRateLimit } from './admission/client-rate-limit';
import type { Config } from './config/config';
import type { Secret } from './config/secret';
import { createContextFactory, type GatewayContext } from './context';
import { JwtAuthenticator } from './auth/jwt-authenticator';
import { corsForGraphql } from './http/cors';
import { healthRoutes } from './http/health';
import { httpErrorHandler } from './http/http-error-handler';
import { metricsHandler, startMetricsServer } from './http/metrics-route';
import { requestId } from './http/request-id';
import { SharedSubscriptions } from './http/shared-subscriptions';
import { startSubscriptionServer } from './http/subscription-server';
import { WEBHOOK_PATH, webhookRoute } from './http/webhook-route';
import { LiveBus } from './live/live-bus';
import { SeenEvents } from './live/seen-events';
import { ed25519PublicKey, WebhookSignature } from './live/webhook-signature';
import { graphqlEndpoint } from './http/graphql-endpoint';
import { TrustedDocumentResolver, loadTrustedDocuments } from './http/trusted-documents';
import { SANDBOX_EXAMPLE_OPERATION, SANDBOX_EXAMPLE_VARIABLES } from './http/sandbox-example';
import type { Logger } from './observability/logger';
import { GatewayMetrics } from './observability/metrics';
import { DirectExecution } from './http/direct-execution';
import { KnownDocuments } from './http/known-documents';
import { apqPolicyPlugin } from './plugins/apq-policy';
import { formatError } from './plugins/format-error';
import { observabilityPlugin } from './plugins/observability';
import { queryLimits } from './plugins/query-limits';
import { routerOnlyPlugins } from './plugins/router-only';
import { scopeCheckPlugin } from './plugins/scope-check';
import { subscriptionCallbackPlugin } from './plugins/subscription-callback';
import { failSoftCache } from './redis/fail-soft-cache';
import type { RedisConnection } from './redis/redis-connection';
import { RedisKeyValueCache } from './redis/redis-key-value-cache';
import { createUpstreamClient } from './upstream/create-upstream-client';
import type { ProbeResult } from './upstream/recordings-api-client';
import { MAX_UPSTREAM_PAGE_SIZE } from './upstream/recordings-api';

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

export const GRAPHQL_PATH = '/graphql';
const PROBE_CACHE_MS = 2000;

function urlOf(server: Server, path: string): URL {
  const { address, port } = server.address() as AddressInfo;
  const host = address === '0.0.0.0' || address === '::' ? 'localhost' : address;
  return new URL(`http://${host.includes(':') ? `[${host}]` : host}:${port}${path}`);
}

async function listen(server: Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Node's HTTP server with bounds a public endpoint needs (slow senders, connection floods).
 * `/graphql` goes straight to its own handler; everything else (health, metrics) to Express.
 */
function createHttpServer(config: Readonly<Config>, graphql: Handler, rest: Handler): Server {
  const server = createServer(
    {
      requestTimeout: config.httpRequestTimeoutMs,
      headersTimeout: Math.min(config.httpHeadersTimeoutMs, config.httpRequestTimeoutMs),
      keepAliveTimeout: config.httpKeepAliveTimeoutMs,
      // Node checks those timeouts every 30 s by default: a slow sender would get 30 s more.
      connectionsCheckingInterval: 1000,
    },
    (request, response) => {
      const url = request.url ?? '';
      const isGraphql =
        url.startsWith(GRAPHQL_PATH) &&
        (url.length === GRAPHQL_PATH.length || url[GRAPHQL_PATH.length] === '?');
      (isGraphql ? graphql : rest)(request, response);
    },
  );
  server.maxConnections = config.httpMaxConnections;
  return server;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config, logger } = options;
  const redis = options.redis ?? null;
  const trusted = config.trustedDocumentsPath
    ? loadTrustedDocuments(config.trustedDocumentsPath)
    : null;
  const metrics = new GatewayMetrics([
    ...config.metricsOperations,
    ...(trusted?.operationNames ?? []),
    // The Sandbox's example operation, so a new user sees its own label.
    'RecordingsWithConferences',
  ]);
  redis?.onCommandError((operation) => metrics.redisErrors.inc({ operation }));
  const cacheStore: KeyValueCache | undefined = redis
    ? failSoftCache(new RedisKeyValueCache(redis, 'recordings-graph:', 'cache'), redis)
    : undefined;
  const upstream = createUpstreamClient({
    ...options,
    metrics,
    ...(cacheStore ? { cacheStore } : {}),
  });
  const { client, limiter } = upstream;
  metrics.watchBreaker(() => client.breakerState);
  const admissionControl = new AdmissionControl({
    maxConcurrent: config.admissionMaxConcurrent,
    targetQueueDelayMs: config.admissionQueueDelayMs,
    maxEventLoopDelayMs: config.admissionEventLoopDelayMs,
    queueTimeoutMs: config.admissionQueueTimeoutMs,
    // Queueing behind a limit that is still ramping up says nothing about the upstream's capacity.
    upstreamQueueDelayMs: () => (limiter.growing ? 0 : limiter.queueDelayMs()),
  });

  const live = new LiveBus(redis, logger, metrics, config.live);
  live.start();
  // Caches first: a subscriber's read right after must not be answered from before the event.
  live.listen(({ event }) =>
    client.markChanged(
      event.kind === 'recording_saved'
        ? { recordingIds: event.recordingId ? [event.recordingId] : [], transcriptionIds: [] }
        : {
            recordingIds: [],
            transcriptionIds: event.transcriptionId ? [event.transcriptionId] : [],
          },
    ),
  );
  const webhookKey = options.webhookPublicKey ?? config.webhookPublicKey;

  metrics.watchUpstream(() => {
    const pool = upstream.transport.pool.stats;
    return {
      limit: limiter.currentLimit,
      inflight: limiter.inflight,
      queued: limiter.queued,
      queueDelayMs: limiter.queueDelayMs(),
      poolConnected: pool.connected,
      poolQueued: pool.queued,
      poolRunning: pool.running,
      requestsInFlight: admissionControl.inflight,
      admissionLimit: admissionControl.limit,
    };
  });
  // End users are verified only when the gateway holds the provider key (config checks it).
  const authenticator =
    config.auth && options.upstreamApiKey ? new JwtAuthenticator(config.auth, logger) : null;
  const createContext = createContextFactory({
    client,
    serverApiKey: options.upstreamApiKey,
    upstreamConcurrency: config.upstreamConcurrency,
    naiveLoaders: config.benchNaiveLoaders,
    authenticator,
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
    live,
    eventDeadlineMs: config.requestDeadlineMs,
  });
  const costLimits = {
    maxCost: config.maxCost,
    maxUpstreamCalls: config.maxUpstreamCalls,
    maxEntities: config.maxEntities,
  };
  const limits = queryLimits({
    maxDepth: config.maxDepth,
    maxAliases: config.maxAliases,
    maxDirectives: 20,
    ...costLimits,
  });
  const knownDocuments = config.directExecution ? new KnownDocuments() : null;
  const apqStore: KeyValueCache = redis
    ? failSoftCache(new RedisKeyValueCache(redis, 'recordings-graph:apq:', 'apq'), redis)
    : new InMemoryLRUCache<string>({ maxSize: config.apqMaxMegabytes * 1024 * 1024 });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  // The endpoint is built once Apollo exists; the server needs the handler now.
  let graphql: Handler = (_request, response) => response.writeHead(503).end();
  const httpServer = createHttpServer(
    config,
    (request, response) => {
      graphql(request, response);
    },
    app,
  );
  const apollo = new ApolloServer<GatewayContext>({
    schema: options.schema,
    validationRules: limits.validationRules,
    // A document over the token limit is a parse error: HTTP 400, GRAPHQL_PARSE_FAILED.
    parseOptions: { maxTokens: config.maxTokens },
    hideSchemaDetailsFromClientErrors: config.production,
    allowBatchedHttpRequests: config.maxBatch > 1,
    // Off wherever a request needs a bearer token (or reads fake data): GET queries without a
    // preflight header (urql's default) are answered there. Mutations never run over GET.
    csrfPrevention: config.csrfPrevention,
    introspection: config.introspection,
    persistedQueries: { cache: apqStore, ttl: config.apqTtlSeconds },
    // main.ts owns signals: it stops the gateway, then the simulator, then exits.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !config.production,
    formatError: (formatted, original) =>
      formatError(
        formatted,
        (error) => logger.error({ err: error }, 'unexpected error'),
        original,
        config.production,
      ),
    plugins: [
      ApolloServerPluginDrainHttpServer({
        httpServer,
        stopGracePeriodMillis: config.shutdownGraceMs,
      }),
      // No HTTP cache hints are set: its per-field wrapper would only cost time.
      ApolloServerPluginCacheControlDisabled(),
      ...routerOnlyPlugins({ open: config.introspection, routerSecret: config.routerSecret }),

      config.production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({
            embed: { endpointIsEditable: false },
            document: SANDBOX_EXAMPLE_OPERATION,
            variables: SANDBOX_EXAMPLE_VARIABLES,
            includeCookies: false,
          }),
      // Apollo Router's HTTP callback protocol for subscriptions: the router's, and only it.
      subscriptionCallbackPlugin({
        config: config.subscriptionCallback,
        routerSecret: config.routerSecret,
        logger,
        metrics,
      }),
      scopeCheckPlugin(),
      ...limits.plugins,
      apqPolicyPlugin(),
      observabilityPlugin(logger, metrics),
      ...(knownDocuments ? [knownDocuments.plugin()] : []),
    ],
  });
  await apollo.start();
  const trustProxy = app.get('trust proxy fn') as Parameters<typeof proxyAddr>[1];
  const trustedResolver = trusted ? new TrustedDocumentResolver(trusted, config.production) : null;
  graphql = graphqlEndpoint({
    apollo,
    createContext,
    admission: admissionControl,
    cors: corsForGraphql(config.corsOrigins),
    trusted: trustedResolver,
    maxBodyBytes: config.maxBodyBytes,
    requestDeadlineMs: config.requestDeadlineMs,

    maxBatch: config.maxBatch,
    compression: config.compression,
    clientAddress: (request) => proxyAddr(request, trustProxy),
    logger,
    metrics,
    direct: knownDocuments
      ? new DirectExecution({
          schema: options.schema,
          known: knownDocuments,
          limits: costLimits,
          logger,
          metrics,
        })
      : null,
  });

  const serverApiKey = options.upstreamApiKey?.reveal() ?? null;
  let accepting = true;
  let probe: { at: number; result: Promise<ProbeResult> } | undefined;
  const upstreamState = (): Promise<ProbeResult> => {
    if (!probe || Date.now() - probe.at > PROBE_CACHE_MS) {
      probe = { at: Date.now(), result: client.probe(serverApiKey) };
    }
    return probe.result;
  };
  app.use(requestId());
  const webhooks = webhookRoute({
    signature: webhookKey
      ? new WebhookSignature(ed25519PublicKey(webhookKey), config.webhookToleranceSeconds)
      : null,
    maxBodyBytes: config.webhookMaxBodyBytes,
    seen: new SeenEvents(
      config.webhookDedupeSeconds,
      redis,
      Date.now,
      // Valid from the tolerance before now to the tolerance after.
      2 * config.webhookToleranceSeconds,
    ),
    act: (event, trace) => live.publish(event, trace),
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
      jwks: () => authenticator?.jwksState ?? null,
    }),
  );
  if (config.metricsPort === null) app.get('/metrics', metricsHandler(metrics));
  app.use(httpErrorHandler(logger));

  const shared = new SharedSubscriptions(
    { maxEvents: config.live.subscriberMaxEvents, maxBytes: config.live.subscriberMaxBytes },
    (field) => live.countTooSlow(field),
  );
  metrics.watchSharedExecutions(() => shared.executions);
  const subscriptions = startSubscriptionServer({
    httpServer,
    path: GRAPHQL_PATH,
    schema: options.schema,
    createContext,
    authenticationRequired: authenticator !== null,
    forwardedKeys: options.upstreamApiKey === null,
    origins: config.corsOrigins,
    maxConnections: config.subscriptionsMaxConnections,
    maxSubscriptionsPerConnection: config.subscriptionsPerConnection,
    maxConnectionsPerClient: config.subscriptionsPerClient,
    subscribesPerMinute: config.subscriptionsSubscribesPerMinute,
    routerSecret: config.routerSecret,
    trusted: trustedResolver,
    hideSchemaDetails: config.production,
    keepAliveMs: config.subscriptionsKeepAliveMs,
    maxMessageBytes: config.maxBodyBytes,
    validationRules: limits.validationRules,
    maxTokens: config.maxTokens,
    maxCost: config.maxCost,
    maxUpstreamCalls: config.maxUpstreamCalls,
    requestDeadlineMs: config.requestDeadlineMs,
    clientAddress: (request) => proxyAddr(request, trustProxy),
    logger,
    metrics,
    shared,
  });

  await listen(httpServer, config.port, config.host);
  const metricsServer =
    config.metricsPort === null
      ? null
      : await startMetricsServer(metrics, config.metricsPort, config.metricsHost);
  // Not through the readiness cache: readiness asks afresh.
  await checkUpstreamAtStart(client.probe(serverApiKey), options.upstreamUrl, logger);

  return {
    url: urlOf(httpServer, GRAPHQL_PATH),
    metricsUrl: metricsServer ? urlOf(metricsServer, '/metrics') : null,
    httpServer,
    metrics,
    stop: async () => {
      accepting = false;
      // Subscribers are told (1001 Going Away) while in-flight requests drain; sockets that have
      // not closed by the grace period (readers that stopped reading) are cut, not waited on.
      await Promise.all([subscriptions.dispose(config.shutdownGraceMs), apollo.stop()]);
      await live.close();
      await client.close();
      admissionControl.close();
      metricsServer?.close();
    },
  };
}

/** Says at start what readiness will say later, in words that point at the setting to fix. */
async function checkUpstreamAtStart(
  state: Promise<ProbeResult>,
  upstreamUrl: URL,
  logger: Logger,
): Promise<void> {
  const where = { upstream: upstreamUrl.origin + upstreamUrl.pathname };
  switch (await state) {
    case 'wrong_base_path':
      logger.error(
        where,
        'The upstream answers 404 for GET /recordings: UPSTREAM_URL must be the API base ' +
          'including its version, e.g. https://api.telnyx.com/v2. Not ready until it answers.',
      );
      break;
    case 'auth_failed':
      logger.error(where, 'The upstream refuses UPSTREAM_API_KEY (401/403). Not ready.');
      break;
    case 'unreachable':
      logger.warn(where, 'The upstream does not answer yet; readiness reports it.');
      break;
    case 'ok':
      break;
  }
}
