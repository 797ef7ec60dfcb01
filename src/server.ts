import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { createContextFactory, type GatewayContext } from './context';
import { formatError } from './format-error';
import { batchLimit } from './http/batch-limit';
import { httpErrorHandler } from './http/http-error-handler';
import { queryLimits } from './plugins/query-limits';
import { SANDBOX_EXAMPLE_OPERATION, SANDBOX_EXAMPLE_VARIABLES } from './sandbox-example';
import type { Config } from './config';
import type { Logger } from './logger';
import type { Secret } from './secret';
import { RecordingsApiClient } from './upstream/recordings-api-client';
import { UpstreamCache } from './upstream/upstream-cache';

export interface GatewayOptions {
  readonly config: Readonly<Config>;
  readonly schema: GraphQLSchema;
  /** The upstream to use: config.upstreamUrl, or the embedded simulator's. */
  readonly upstreamUrl: URL;
  /** config.upstreamApiKey, or the embedded simulator's key. */
  readonly upstreamApiKey: Secret | null;
  readonly logger: Logger;
  /** Where the cross-request cache lives; in process memory when absent. */
  readonly cacheStore?: KeyValueCache;
}

export interface RunningGateway {
  /** e.g. http://127.0.0.1:4000/graphql */
  readonly url: URL;
  readonly httpServer: Server;
  /** Stops accepting, drains in-flight requests, closes upstream sockets. */
  stop(): Promise<void>;
}

export const GRAPHQL_PATH = '/graphql';

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config, logger } = options;
  const client = new RecordingsApiClient({
    baseUrl: options.upstreamUrl,
    maxConnections: config.upstreamMaxConnections,
    resilience: {
      attemptTimeoutMs: config.upstreamTimeoutMs,
      deadlineMs: Math.max(config.upstreamDeadlineMs, config.upstreamTimeoutMs),
      retries: config.upstreamRetries,
      retryBaseDelayMs: config.upstreamRetryBaseMs,
      breakerThreshold: config.upstreamBreakerThreshold,
      breakerHalfOpenMs: config.upstreamBreakerHalfOpenMs,
      processConcurrency: config.upstreamProcessConcurrency,
    },
    logger,
    cache:
      config.cacheTtlSeconds > 0
        ? new UpstreamCache({
            store:
              options.cacheStore ??
              new InMemoryLRUCache<string>({ maxSize: config.cacheMaxMegabytes * 1024 * 1024 }),
            immutableTtlSeconds: config.cacheTtlSeconds,
            mutableTtlSeconds: config.cacheMutableTtlSeconds,
            logger,
          })
        : null,
  });
  const createContext = createContextFactory({
    client,
    serverApiKey: options.upstreamApiKey,
    upstreamConcurrency: config.upstreamConcurrency,
    naiveLoaders: config.benchNaiveLoaders,
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
    // main.ts owns signals: it stops the gateway, then the simulator, then exits.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !config.production,
    formatError: (formatted, original) =>
      formatError(formatted, (error) => logger.error({ err: error }, 'unexpected error'), original),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
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
    ],
  });
  await apollo.start();

  app.use(
    GRAPHQL_PATH,
    express.json({ limit: config.maxBodyBytes }),
    batchLimit(config.maxBatch),
    expressMiddleware(apollo, {
      context: ({ req }) => Promise.resolve(createContext(req.headers.authorization)),
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
    stop: async () => {
      await apollo.stop();
      await client.close();
    },
  };
}
