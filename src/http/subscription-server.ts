import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  GraphQLError,
  OperationTypeNode,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { Scope } from '../auth/scopes';
import type { ContextFactory, GatewayContext } from '../context';
import { ErrorCode, ForbiddenError, GatewayError, QueryTooComplexError } from '../errors';
import type { Logger } from '../observability/logger';
import type { GatewayMetrics } from '../observability/metrics';
import { priceOperation } from '../plugins/operation-price';
import { fragmentsOf } from '../resolvers/selected-fields';
import { Deadline } from '../upstream/scheduling/deadline';

export interface SubscriptionServerOptions {
  readonly httpServer: Server;
  readonly path: string;
  readonly schema: GraphQLSchema;
  readonly createContext: ContextFactory;
  /** Whether the caller must bring a valid end-user token (end-user auth is on). */
  readonly authenticationRequired: boolean;
  /** Browser origins allowed (CORS_ORIGINS); null allows any. */
  readonly origins: readonly string[] | null;
  readonly maxConnections: number;
  readonly maxSubscriptionsPerConnection: number;
  readonly keepAliveMs: number;
  readonly maxMessageBytes: number;
  readonly validationRules: readonly ValidationRule[];
  readonly maxTokens: number;
  readonly maxCost: number;
  readonly maxUpstreamCalls: number;
  readonly requestDeadlineMs: number;
  readonly clientAddress: (request: IncomingMessage) => string;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
}

export interface SubscriptionServer {
  /** Closes every socket (1001 Going Away) and stops taking new ones. */
  dispose(): Promise<void>;
}

/** What this server keeps per connection, beside graphql-ws's upgrade `request`. */
type ConnectionExtra = {
  authorization?: string | undefined;
};

function codeOf(code: ErrorCode): { extensions: { code: ErrorCode } } {
  return { extensions: { code } };
}

/** A string credential as `Authorization` carries it: `Bearer <token>`. */
function asAuthorization(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return /^Bearer\s/i.test(value) ? value : `Bearer ${value}`;
}

/**
 * Where a subscriber's credential is: connection params (`authorization`, `Authorization`,
 * `token`, or the nested `connectionParams.token` a router sends), else the upgrade request's
 * `Authorization` header.
 */
export function authorizationOf(
  params: Readonly<Record<string, unknown>> | undefined,
  request: IncomingMessage,
): string | undefined {
  const nested = params?.['connectionParams'];
  const nestedToken =
    nested !== null && typeof nested === 'object'
      ? (nested as Record<string, unknown>)['token']
      : undefined;
  for (const candidate of [
    params?.['authorization'],
    params?.['Authorization'],
    params?.['token'],
    nestedToken,
  ]) {
    const authorization = asAuthorization(candidate);
    if (authorization !== undefined) return authorization;
  }
  return request.headers.authorization;
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * GraphQL subscriptions over WebSocket (graphql-ws, `graphql-transport-ws`) on the GraphQL path.
 * Only subscriptions run here (queries and mutations go over HTTP, through admission and
 * pricing); each is parsed, validated with the same rules, priced per event, and scope-checked
 * before it starts. Browser origins are checked like CORS; connections and subscriptions per
 * connection are bounded; idle sockets are pinged.
 */
export function startSubscriptionServer(options: SubscriptionServerOptions): SubscriptionServer {
  const { logger, schema } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });
  const live = new Set<{ subscriptions: Readonly<Record<string, unknown>> }>();
  options.metrics.watchSubscriptions(() => ({
    connections: wss.clients.size,
    subscriptions: [...live].reduce((sum, ctx) => sum + Object.keys(ctx.subscriptions).length, 0),
  }));

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== options.path) {
      refuseUpgrade(socket, 404, 'Not Found');
      return;
    }
    const origin = request.headers.origin;
    if (origin !== undefined && options.origins !== null && !options.origins.includes(origin)) {
      logger.warn({ origin }, 'refused a WebSocket from an origin not in CORS_ORIGINS');
      refuseUpgrade(socket, 403, 'Forbidden');
      return;
    }
    if (wss.clients.size >= options.maxConnections) {
      refuseUpgrade(socket, 503, 'Service Unavailable');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  options.httpServer.on('upgrade', onUpgrade);

  const refuse = (error: GraphQLError): readonly GraphQLError[] => [error];

  const server = useServer<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      schema,
      onConnect: async (ctx) => {
        const authorization = authorizationOf(ctx.connectionParams, ctx.extra.request);
        ctx.extra.authorization = authorization;
        if (!options.authenticationRequired) return true;
        // A connection without a valid token is refused (4403), before any subscription.
        const probe = await options
          .createContext(contextFacts(ctx.extra, authorization, options))
          .catch(() => null);
        return probe !== null && probe.caller.kind === 'user';
      },
      onSubscribe: async (ctx, _id, payload) => {
        live.add(ctx);
        // graphql-ws has registered this subscription already: it counts itself.
        if (Object.keys(ctx.subscriptions).length > options.maxSubscriptionsPerConnection) {
          return refuse(
            new GraphQLError(
              `At most ${options.maxSubscriptionsPerConnection} subscriptions run on one connection.`,
              codeOf(ErrorCode.BAD_REQUEST),
            ),
          );
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: options.maxTokens });
        } catch (error) {
          return refuse(
            new GraphQLError(
              error instanceof Error ? error.message : 'Syntax error.',
              codeOf(ErrorCode.BAD_REQUEST),
            ),
          );
        }
        const invalid = validate(schema, document, [...specifiedRules, ...options.validationRules]);
        if (invalid.length > 0) return invalid;
        const operation = getOperationAST(document, payload.operationName ?? undefined);
        if (!operation || operation.operation !== OperationTypeNode.SUBSCRIPTION) {
          return refuse(
            new GraphQLError(
              'Only subscriptions run over WebSocket; send queries and mutations with HTTP POST.',
              codeOf(ErrorCode.BAD_REQUEST),
            ),
          );
        }
        let contextValue: GatewayContext;
        try {
          contextValue = await options.createContext(
            contextFacts(ctx.extra, ctx.extra.authorization, options),
          );
          checkScope(contextValue);
          const price = priceOperation(
            schema,
            operation,
            fragmentsOf(document),
            payload.variables ?? undefined,
            { maxEntities: 0 },
          );
          if (price.upstreamCalls > options.maxUpstreamCalls || price.objects > options.maxCost) {
            throw new QueryTooComplexError(
              'Each event of this subscription would cost more than the server allows.',
              { maxCost: options.maxCost, maxUpstreamCalls: options.maxUpstreamCalls },
            );
          }
        } catch (error) {
          if (error instanceof GraphQLError) return refuse(error);
          throw error;
        }
        return {
          schema,
          document,
          operationName: payload.operationName ?? null,
          variableValues: payload.variables ?? null,
          contextValue,
        };
      },
      onClose: (ctx) => {
        live.delete(ctx);
      },
      onError: (_ctx, _id, _payload, errors) => {
        logger.debug({ errors: errors.map((error) => error.message) }, 'subscription error');
      },
    },
    wss,
    options.keepAliveMs,
  );

  return {
    dispose: async () => {
      options.httpServer.off('upgrade', onUpgrade);
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function contextFacts(
  extra: { readonly request: IncomingMessage },
  authorization: string | undefined,
  options: SubscriptionServerOptions,
) {
  return {
    authorization,
    requestId: randomUUID(),
    remoteAddress: options.clientAddress(extra.request),
    deadline: Deadline.after(options.requestDeadlineMs),
  };
}

/** Subscriptions read recordings: with end-user auth on, `recordings:read` is required. */
function checkScope(context: GatewayContext): void {
  const { caller } = context;
  if (caller.kind === 'open') return;
  if (caller.kind === 'refused') {
    throw new GatewayError(ErrorCode.UNAUTHENTICATED, 'A valid access token is required.');
  }
  if (!caller.scopes.has(Scope.RECORDINGS_READ)) {
    throw new ForbiddenError(
      `This operation needs the scope ${Scope.RECORDINGS_READ}, which the access token does not grant.`,
      { requiredScopes: Scope.RECORDINGS_READ },
    );
  }
}
