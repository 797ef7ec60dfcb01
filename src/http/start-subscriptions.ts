import type { GraphQLSchema } from 'graphql';
import type { JwtAuthenticator } from '../auth/jwt-authenticator';
import type { Config } from '../config/config';
import type { Secret } from '../config/secret';
import type { ContextFactory } from '../context';
import type { LiveBus } from '../live/live-bus';
import type { Logger } from '../observability/logger';
import type { GatewayMetrics } from '../observability/metrics';
import { GRAPHQL_PATH, type HttpFront } from './http-server';
import { SharedSubscriptions } from './shared-subscriptions';
import { startSubscriptionServer, type SubscriptionServer } from './subscription-server';
import type { RunningGraphql } from './start-graphql';

export interface SubscriptionsOptions {
  readonly config: Readonly<Config>;
  readonly http: HttpFront;
  readonly schema: GraphQLSchema;
  readonly createContext: ContextFactory;
  /** Verifies end users: then a connection must bring a token. */
  readonly authenticator: JwtAuthenticator | null;
  /** Null: each connection's own key is forwarded upstream. */
  readonly serverApiKey: Secret | null;
  /** HTTP's GraphQL: the same trusted documents and document rules. */
  readonly graphql: Pick<RunningGraphql, 'trusted' | 'validationRules'>;
  readonly live: LiveBus;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
}

/**
 * graphql-ws on /graphql, held to HTTP's rules (origins, trusted documents, limits, quotas), with
 * identical subscriptions sharing one execution.
 */
export function startSubscriptions(options: SubscriptionsOptions): SubscriptionServer {
  const { config, live, metrics } = options;
  const shared = new SharedSubscriptions(
    { maxEvents: config.live.subscriberMaxEvents, maxBytes: config.live.subscriberMaxBytes },
    (field) => live.countTooSlow(field),
  );
  metrics.watchSharedExecutions(() => shared.executions);
  return startSubscriptionServer({
    httpServer: options.http.server,
    path: GRAPHQL_PATH,
    schema: options.schema,
    createContext: options.createContext,
    authenticationRequired: options.authenticator !== null,
    forwardedKeys: options.serverApiKey === null,
    origins: config.corsOrigins,
    maxConnections: config.subscriptionsMaxConnections,
    maxSubscriptionsPerConnection: config.subscriptionsPerConnection,
    maxConnectionsPerClient: config.subscriptionsPerClient,
    subscribesPerMinute: config.subscriptionsSubscribesPerMinute,
    routerSecret: config.routerSecret,
    trusted: options.graphql.trusted,
    hideSchemaDetails: config.production,
    keepAliveMs: config.subscriptionsKeepAliveMs,
    maxMessageBytes: config.maxBodyBytes,
    validationRules: options.graphql.validationRules,
    maxTokens: config.maxTokens,
    maxCost: config.maxCost,
    maxUpstreamCalls: config.maxUpstreamCalls,
    requestDeadlineMs: config.requestDeadlineMs,
    clientAddress: options.http.clientAddress,
    logger: options.logger,
    metrics,
    shared,
  });
}
