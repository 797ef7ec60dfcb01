import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Config } from './config/config';
import { createContextFactory, type GatewayContext } from './context';
import { createUpstreamClient } from './upstream/create-upstream-client';
import { formatError } from './plugins/format-error';
import { batchLimit } from './http/batch-limit';
import { healthRoutes } from './http/health';
import { httpErrorHandler } from './http/http-error-handler';
import { requestId } from './http/request-id';
import type { Logger } from './observability/logger';
import { GatewayMetrics } from './observability/metrics';
import { observabilityPlugin } from './plugins/observability';
import { queryLimits } from './plugins/query-limits';
import { SANDBOX_EXAMPLE_OPERATION, SANDBOX_EXAMPLE_VARIABLES } from './http/sandbox-example';
import type { Secret } from './config/secret';

export interface GatewayOptions {
  readonly config: Readonly<Config>;
  readonly schema: GraphQLSchema;
  /** The upstream to use: config.upstreamUrl, or the embedded simulator's. */
  readonly upstreamUrl: URL;
  /** config.upstreamApiKey, or the embedded simulator's key. */
  readonly upstreamApiKey: Secret | null;
  readonly logger: Logger;
  /** Shared store (Redis) for the upstream cache and APQ; process memory when absent. */
  readonly cacheStore?: KeyValueCache;
}

export interface RunningGateway {
  /** e.g. http://127.0.0.1:4000/graphql */
  readonly url: URL;
  readonly httpServer: Server;
  readonly metrics: GatewayMetrics;
  /** Stops accepting, finishes in-flight requests (up to the grace period), closes upstream sockets. */
  stop(): Promise<void>;
}

export const GRAPHQL_PATH = '/graphql';
const PROBE_CACHE_MS = 2000;

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config, logger } = options;
  const metrics = new GatewayMetrics();
  const client = createUpstreamClient({ ...options, metrics });
  metrics.watchBreaker(() => client.breakerState);
  const createContext = createContextFactory({
    client,
    serverApiKey: options.upstreamApiKey,
    upstreamConcurrency: config.upstreamConcurrency,
    naiveLoaders: config.benchNaiveLoaders,
    metrics,
  });
  const limits = queryLimits({
    maxDepth: config.maxDepth,
    maxAliases: config.maxAliases,
    maxTokens: config.maxTokens,
    maxDirectives: 20,
    maxCost: config.maxCost,
    blockFieldSuggestions: config.production,
  });

  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);
  const apollo = new ApolloServer<GatewayContext>({
    schema: options.schema,
    validationRules: limits.validationRules,
    allowBatchedHttpRequests: config.maxBatch > 1,
    introspection: config.introspection,
    // Automatic persisted queries live in the shared store too, so any replica knows a hash.
    ...(options.cacheStore ? { cache: options.cacheStore } : {}),
    // main.ts owns signals: it stops the gateway, then the simulator, then exits.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !config.production,
    formatError: (formatted, original) =>
      formatError(formatted, (error) => logger.error({ err: error }, 'unexpected error'), original),
    plugins: [
      ApolloServerPluginDrainHttpServer({
        httpServer,
        stopGracePeriodMillis: config.shutdownGraceMs,
      }),
      // Federated traces go to the router only when it asks; error text stays here.
      ApolloServerPluginInlineTrace({ includeErrors: { masked: true } }),
      config.production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({
            embed: { endpointIsEditable: false },
            document: SANDBOX_EXAMPLE_OPERATION,
            variables: SANDBOX_EXAMPLE_VARIABLES,
            includeCookies: false,
          }),
      ...limits.plugins,
      observabilityPlugin(logger, metrics),
    ],
  });
  await apollo.start();

  let accepting = true;
  let probe: { at: number; result: Promise<boolean> } | undefined;
  app.use(requestId());
  app.use(
    healthRoutes({
      accepting: () => accepting,
      breakerState: () => client.breakerState,
      upstreamReachable: () => {
        if (!probe || Date.now() - probe.at > PROBE_CACHE_MS) {
          probe = { at: Date.now(), result: client.probe() };
        }
        return probe.result;
      },
    }),
  );
  app.get('/metrics', (_request, response, next) => {
    metrics.registry
      .metrics()
      .then((text) => response.type(metrics.registry.contentType).send(text))
      .catch(next);
  });
  app.use(
    GRAPHQL_PATH,
    express.json({ limit: config.maxBodyBytes }),
    batchLimit(config.maxBatch),
    expressMiddleware(apollo, {
      context: ({ req, res }) =>
        Promise.resolve(
          createContext(req.headers.authorization, String(res.locals['requestId'] ?? '')),
        ),
    }),
  );
  app.use(httpErrorHandler(logger));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { address, port } = httpServer.address() as AddressInfo;
  const host = address === '0.0.0.0' || address === '::' ? 'localhost' : address;

  return {
    url: new URL(`http://${host.includes(':') ? `[${host}]` : host}:${port}${GRAPHQL_PATH}`),
    httpServer,
    metrics,
    stop: async () => {
      accepting = false;
      await apollo.stop();
      await client.close();
    },
  };
}
