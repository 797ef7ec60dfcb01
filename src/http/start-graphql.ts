import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { GraphQLSchema, ValidationRule } from 'graphql';
import type { AdmissionControl } from '../admission/admission-control';
import type { Config } from '../config/config';
import type { ContextFactory, GatewayContext } from '../context';
import type { Logger } from '../observability/logger';
import type { GatewayMetrics } from '../observability/metrics';
import { apqPolicyPlugin } from '../plugins/apq-policy';
import { formatError } from '../plugins/format-error';
import { observabilityPlugin } from '../plugins/observability';
import { queryLimits } from '../plugins/query-limits';
import { routerOnlyPlugins } from '../plugins/router-only';
import { scopeCheckPlugin } from '../plugins/scope-check';
import { subscriptionCallbackPlugin } from '../plugins/subscription-callback';
import { failSoftCache } from '../redis/fail-soft-cache';
import type { RedisConnection } from '../redis/redis-connection';
import { RedisKeyValueCache } from '../redis/redis-key-value-cache';
import { corsForGraphql } from './cors';
import { DirectExecution } from './direct-execution';
import { graphqlEndpoint } from './graphql-endpoint';
import type { Handler, HttpFront } from './http-server';
import { KnownDocuments } from './known-documents';
import { SANDBOX_EXAMPLE_OPERATION, SANDBOX_EXAMPLE_VARIABLES } from './sandbox-example';
import { TrustedDocumentResolver, type TrustedDocuments } from './trusted-documents';

export interface GraphqlOptions {
  readonly config: Readonly<Config>;
  readonly schema: GraphQLSchema;
  readonly http: HttpFront;
  readonly createContext: ContextFactory;
  readonly admission: AdmissionControl;
  readonly trusted: TrustedDocuments | null;
  readonly redis: RedisConnection | null;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
}

/** GraphQL over HTTP, running: Apollo with its plugins, and the endpoint in front of it. */
export interface RunningGraphql {
  readonly apollo: ApolloServer<GatewayContext>;
  /** The /graphql handler: admission, CORS, trusted documents, direct execution, then Apollo. */
  readonly handler: Handler;
  /** The document rules every operation meets, over HTTP and WebSocket alike. */
  readonly validationRules: ValidationRule[];
  readonly trusted: TrustedDocumentResolver | null;
}

/** Apollo, started, with the plugins of every concern, and the /graphql endpoint over it. */
export async function startGraphql(options: GraphqlOptions): Promise<RunningGraphql> {
  const { config, logger, metrics, redis } = options;
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
        httpServer: options.http.server,
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
  const trusted = options.trusted
    ? new TrustedDocumentResolver(options.trusted, config.production)
    : null;
  const handler = graphqlEndpoint({
    apollo,
    createContext: options.createContext,
    admission: options.admission,
    cors: corsForGraphql(config.corsOrigins),
    trusted,
    maxBodyBytes: config.maxBodyBytes,
    requestDeadlineMs: config.requestDeadlineMs,

    maxBatch: config.maxBatch,
    compression: config.compression,
    clientAddress: options.http.clientAddress,
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
  return { apollo, handler, validationRules: limits.validationRules, trusted };
}
