// Longer than 300 lines: one graphql-ws server and the hooks that hold it to HTTP's rules
// (upgrade checks, per-client places, subscribe rate, trusted documents, limits) share the
// per-connection state; splitting them would pass that state around instead.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  GraphQLError,
  OperationTypeNode,
  getOperationAST,
  type ExecutionArgs,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { KeyProofs, type KeyVerdict } from '../auth/key-proofs';
import { liveAccessRefusal } from '../auth/live-access';
import type { Secret } from '../config/secret';
import type { ContextFactory, GatewayContext } from '../context';
import { ErrorCode, QueryTooComplexError, withoutSchemaHints } from '../errors';
import type { Logger } from '../observability/logger';
import type { GatewayMetrics } from '../observability/metrics';
import { priceOperation } from '../plugins/operation-price';
import { isRouterSecret, ROUTER_SECRET_HEADER } from '../plugins/router-secret';
import { fragmentsOf } from '../resolvers/selected-fields';
import { Deadline } from '../upstream/scheduling/deadline';
import { PerClientCount, SubscribeRate } from './connection-limits';
import { acceptDocumentIds, SubscriptionDocuments } from './subscription-documents';
import type { SharedSubscriptions } from './shared-subscriptions';
import type { TrustedDocumentResolver } from './trusted-documents';

export interface SubscriptionServerOptions {
  readonly httpServer: Server;
  readonly path: string;
  readonly schema: GraphQLSchema;
  readonly createContext: ContextFactory;
  /** Whether the caller must bring a valid end-user token (end-user auth is on). */
  readonly authenticationRequired: boolean;
  /** No server key: each subscriber's bearer is its own provider key, proved once at connect. */
  readonly forwardedKeys: boolean;
  /** Browser origins allowed (CORS_ORIGINS); null allows any. */
  readonly origins: readonly string[] | null;
  readonly maxConnections: number;
  readonly maxSubscriptionsPerConnection: number;
  /** Acknowledged sockets per client (user, forwarded key or address); 4x as many unfinished handshakes per address. */
  readonly maxConnectionsPerClient: number;
  readonly subscribesPerMinute: number;
  /** A router presenting it is one client for many users: no per-client cap. */
  readonly routerSecret: Secret | null;
  readonly keepAliveMs: number;
  readonly maxMessageBytes: number;
  readonly validationRules: readonly ValidationRule[];
  readonly maxTokens: number;
  readonly maxCost: number;
  readonly maxUpstreamCalls: number;
  readonly requestDeadlineMs: number;
  /** Trusted documents, as HTTP applies them. */
  readonly trusted: TrustedDocumentResolver | null;
  /** Production: validation errors without schema hints. */
  readonly hideSchemaDetails: boolean;
  readonly clientAddress: (request: IncomingMessage) => string;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  /** Identical subscribers share one execution per event; null runs each on its own. */
  readonly shared: SharedSubscriptions | null;
}

export interface SubscriptionServer {
  /**
   * Stops taking sockets and closes every one (1001 Going Away); those whose close handshake has
   * not finished after `graceMs` (a client that stopped reading never answers) are terminated.
   */
  dispose(graceMs: number): Promise<void>;
}

/** What this server keeps per connection, beside graphql-ws's upgrade `request`. */
type ConnectionExtra = {
  authorization?: string | undefined;
  /** The per-client place this connection holds, once acknowledged. */
  client?: string;
  rate?: SubscribeRate;
  expiry?: NodeJS.Timeout;
  /**
   * Subscription ids whose run has not finished. graphql-ws forgets an id at `complete` while its
   * run is still ending, and that run's end then forgets a new subscription under the same id:
   * one the socket's close would never stop. A reused id is refused until its run is over.
   */
  running?: Set<string>;
};

/** Why a socket was closed by this server, said in the close frame. */
const CLOSE = {
  tooManyForClient: [
    CloseCode.TooManyInitialisationRequests,
    'Too many connections for this client',
  ],
  subscribeFlood: [CloseCode.TooManyInitialisationRequests, 'Too many subscribe messages'],
  idInUse: [CloseCode.SubscriberAlreadyExists, 'Subscriber for this id is still ending'],
  rateLimited: [CloseCode.TooManyInitialisationRequests, 'Too many requests from this client'],
  // 4403, not 4401: graphql-ws clients retry it, with fresh connection params (a new token).
  tokenExpired: [CloseCode.Forbidden, 'Access token expired; reconnect with a fresh one'],
  keyRefused: [CloseCode.Forbidden, 'The API key was refused'],
  // The provider did not say (down, slow, or the key cannot even be sent): not let in unproved.
  keyUnproved: [1013, 'The API key cannot be checked right now; try again later'],
  noKey: [CloseCode.Unauthorized, 'Unauthorized: send your API key as a bearer token'],
  authUnavailable: [1013, 'Access tokens cannot be verified right now; try again later'],
} as const satisfies Record<string, readonly [number, string]>;

/** A bearer key as it can travel in a header: visible ASCII, of a sane length. */
const PLAUSIBLE_KEY = /^Bearer\s+[\x21-\x7e]{1,4096}\s*$/i;

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

/** The provider's word on a forwarded key, from one cheap read with it. */
async function askProvider(context: GatewayContext): Promise<KeyVerdict> {
  try {
    await context.api.listRecordings({ filter: {}, pageNumber: 1, pageSize: 1 });
    return 'valid';
  } catch (error) {
    const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
    return code === ErrorCode.UNAUTHENTICATED || code === ErrorCode.FORBIDDEN
      ? 'refused'
      : 'unknown';
  }
}

/**
 * GraphQL subscriptions over WebSocket (graphql-ws, `graphql-transport-ws`) on the GraphQL path,
 * held to what HTTP enforces. Only subscriptions run here; each is resolved against trusted
 * documents, parsed and validated (remembered per document), priced per event and
 * scope-checked before it starts. Browser origins are checked like CORS; connections are bounded
 * in all, per client and (before they are acknowledged) per address; subscribe messages per
 * connection are rate limited; a forwarded key is proved at connect; a socket is closed when its
 * token expires.
 */
export function startSubscriptionServer(options: SubscriptionServerOptions): SubscriptionServer {
  const { logger, schema, shared } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });
  const live = new Set<{ subscriptions: Readonly<Record<string, unknown>> }>();
  const perClient = new PerClientCount(options.maxConnectionsPerClient);
  // Handshakes are short: room for a reconnect storm through one balancer, not for a flood.
  const unacknowledged = new PerClientCount(options.maxConnectionsPerClient * 4);
  const keyProofs = new KeyProofs({ validMs: 300_000, refusedMs: 60_000, maxRemembered: 10_000 });
  const documents = new SubscriptionDocuments({
    schema,
    validationRules: options.validationRules,
    maxTokens: options.maxTokens,
    trusted: options.trusted,
    hideSchemaDetails: options.hideSchemaDetails,
  });
  options.metrics.watchSubscriptions(() => ({
    connections: wss.clients.size,
    subscriptions: [...live].reduce((sum, ctx) => sum + Object.keys(ctx.subscriptions).length, 0),
  }));

  /** What gives back an upgraded socket's pending place, once it says who it is. */
  const pendingSettlers = new WeakMap<WebSocket, () => void>();
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
    // Before a socket says who it is, its address stands for it: one address cannot hold every
    // socket by never finishing the handshake. A router (with its secret) speaks for many.
    const router = isRouterSecret(request.headers[ROUTER_SECRET_HEADER], options.routerSecret);
    const address = options.clientAddress(request);
    if (!router && !unacknowledged.take(address)) {
      refuseUpgrade(socket, 429, 'Too Many Requests');
      return;
    }
    let pending = !router;
    const settle = (): void => {
      if (pending) unacknowledged.release(address);
      pending = false;
    };
    // On the raw socket: a handshake `ws` refuses (a bad key, version or method) never reaches
    // the callback below, but its socket still closes, and gives the place back.
    socket.once('close', settle);
    wss.handleUpgrade(request, socket, head, (ws) => {
      // Acknowledged (or refused) at connection_init: the place is no longer a pending one.
      pendingSettlers.set(ws, settle);
      wss.emit('connection', ws, request);
    });
  };
  options.httpServer.on('upgrade', onUpgrade);

  type Extra = ConnectionExtra & { readonly socket: WebSocket };
  const close = (extra: Extra, [code, reason]: readonly [number, string]): false => {
    extra.socket.close(code, reason);
    return false;
  };

  const connect = async (
    extra: Extra,
    params: Readonly<Record<string, unknown>> | undefined,
    request: IncomingMessage,
  ): Promise<boolean> => {
    const authorization = authorizationOf(params, request);
    extra.authorization = authorization;
    const router = isRouterSecret(request.headers[ROUTER_SECRET_HEADER], options.routerSecret);
    const context = await options
      .createContext(contextFacts(request, authorization, options))
      .catch(() => null);
    // A client over its share of upstream calls may not open sockets either.
    if (context === null) return close(extra, CLOSE.rateLimited);
    const { caller } = context;
    if (options.authenticationRequired) {
      if (caller.kind === 'unavailable') return close(extra, CLOSE.authUnavailable);
      if (caller.kind !== 'user' || caller.expiresAt * 1000 <= Date.now()) return false;
      // The socket lives as long as its token: closed at `exp`, the client reconnects anew.
      const timer = setTimeout(
        () => extra.socket.close(...CLOSE.tokenExpired),
        Math.min(caller.expiresAt * 1000 - Date.now(), 2 ** 31 - 1),
      );
      timer.unref();
      extra.expiry = timer;
    }
    if (options.forwardedKeys) {
      if (context.anonymous) return close(extra, CLOSE.noKey);
      // A key no provider issues (control characters, megabytes) is refused without asking.
      if (!PLAUSIBLE_KEY.test(authorization ?? '')) return close(extra, CLOSE.keyRefused);
      const verdict = await keyProofs.prove(context.credentialId, () => askProvider(context));
      if (verdict === 'refused') return close(extra, CLOSE.keyRefused);
      if (verdict === 'unknown') return close(extra, CLOSE.keyUnproved);
    }
    // The client may have gone while this was checked: its close was handled already, so it
    // must not take a place that nothing would give back.
    if (extra.socket.readyState !== extra.socket.OPEN) {
      clearTimeout(extra.expiry);
      return false;
    }
    if (!router) {
      if (!perClient.take(context.clientKey)) {
        logger.info({ client: context.clientKey }, 'refused a WebSocket: too many for this client');
        return close(extra, CLOSE.tooManyForClient);
      }
      extra.client = context.clientKey;
    }
    extra.rate = new SubscribeRate(options.subscribesPerMinute);
    return true;
  };

  const server = useServer<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      schema,
      jsonMessageReviver: acceptDocumentIds,
      ...(shared ? { subscribe: (args: ExecutionArgs) => shared.subscribe(args) } : {}),
      onConnect: async (ctx) => {
        pendingSettlers.get(ctx.extra.socket)?.();
        return connect(ctx.extra, ctx.connectionParams, ctx.extra.request);
      },
      onSubscribe: async (ctx, id, payload) => {
        live.add(ctx);
        if (ctx.extra.running?.has(id)) {
          ctx.extra.socket.close(...CLOSE.idInUse);
          return [new GraphQLError(CLOSE.idInUse[1], codeOf(ErrorCode.BAD_REQUEST))];
        }
        if (ctx.extra.rate?.take() === false) {
          ctx.extra.socket.close(...CLOSE.subscribeFlood);
          return [new GraphQLError(CLOSE.subscribeFlood[1], codeOf(ErrorCode.RATE_LIMITED))];
        }
        // graphql-ws has registered this subscription already: it counts itself.
        if (Object.keys(ctx.subscriptions).length > options.maxSubscriptionsPerConnection) {
          return [
            new GraphQLError(
              `At most ${options.maxSubscriptionsPerConnection} subscriptions run on one connection.`,
              codeOf(ErrorCode.BAD_REQUEST),
            ),
          ];
        }
        const checked = documents.check(payload);
        if ('errors' in checked) return [...checked.errors];
        const { document } = checked;
        const operation = getOperationAST(document, payload.operationName ?? undefined);
        if (!operation || operation.operation !== OperationTypeNode.SUBSCRIPTION) {
          return [
            new GraphQLError(
              'Only subscriptions run over WebSocket; send queries and mutations with HTTP POST.',
              codeOf(ErrorCode.BAD_REQUEST),
            ),
          ];
        }
        let contextValue: GatewayContext;
        try {
          contextValue = await options.createContext(
            contextFacts(ctx.extra.request, ctx.extra.authorization, options),
          );
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        const refusal = liveAccessRefusal(contextValue.caller);
        if (refusal) return [refusal];
        let price: ReturnType<typeof priceOperation>;
        try {
          price = priceOperation(
            schema,
            operation,
            fragmentsOf(document),
            payload.variables ?? undefined,
            { maxEntities: 0 },
          );
        } catch (error) {
          // Variables that do not coerce: the subscriber's mistake, not the connection's end.
          if (!(error instanceof GraphQLError)) throw error;
          const message = options.hideSchemaDetails
            ? withoutSchemaHints(error.message)
            : error.message;
          return [new GraphQLError(message, { extensions: error.extensions })];
        }
        if (price.upstreamCalls > options.maxUpstreamCalls || price.objects > options.maxCost) {
          return [
            new QueryTooComplexError(
              'Each event of this subscription would cost more than the server allows.',
              { maxCost: options.maxCost, maxUpstreamCalls: options.maxUpstreamCalls },
            ),
          ];
        }
        shared?.writeDirectly(contextValue, ctx.extra.socket, ctx.extra.request.socket, id);
        (ctx.extra.running ??= new Set()).add(id);
        return {
          schema,
          document,
          operationName: payload.operationName ?? null,
          variableValues: payload.variables ?? null,
          contextValue,
        };
      },
      onComplete: (ctx, id) => {
        ctx.extra.running?.delete(id);
      },
      onClose: (ctx) => {
        live.delete(ctx);
        if (ctx.extra.expiry) clearTimeout(ctx.extra.expiry);
        if (ctx.extra.client !== undefined) perClient.release(ctx.extra.client);
        ctx.extra.client = undefined;
      },
      onError: (_ctx, _id, _payload, errors) => {
        logger.debug({ errors: errors.map((error) => error.message) }, 'subscription error');
      },
    },
    wss,
    options.keepAliveMs,
  );

  return {
    dispose: async (graceMs) => {
      options.httpServer.off('upgrade', onUpgrade);
      const cut = setTimeout(() => {
        for (const socket of wss.clients) socket.terminate();
      }, graceMs);
      try {
        // graphql-ws's dispose: 1001 to each socket, then waits for all of them to close.
        await server.dispose();
      } finally {
        clearTimeout(cut);
      }
    },
  };
}

function contextFacts(
  request: IncomingMessage,
  authorization: string | undefined,
  options: SubscriptionServerOptions,
) {
  // Worked out now: the facts live as long as the subscription, the upgrade request need not.
  const address = options.clientAddress(request);
  return {
    authorization,
    requestId: randomUUID(),
    remoteAddress: () => address,
    deadline: Deadline.after(options.requestDeadlineMs),
  };
}
