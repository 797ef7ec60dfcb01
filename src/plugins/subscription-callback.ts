import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import type { SubscriptionCallbackConfig } from '../config/config';
import type { Secret } from '../config/secret';
import type { GatewayContext } from '../context';
import {
  BadUserInputError,
  ErrorCode,
  ForbiddenError,
  GatewayError,
  OverloadedError,
  refusingRequest,
} from '../errors';
import type { Logger } from '../observability/logger';
import type { GatewayMetrics } from '../observability/metrics';
import { CallbackSubscriptions, type CallbackTarget } from './callback-subscriptions';
import { isRouterSecret, ROUTER_SECRET_HEADER } from './router-secret';

export interface SubscriptionCallbackOptions {
  /** null: the protocol is off (no ROUTER_SECRET). */
  readonly config: SubscriptionCallbackConfig | null;
  readonly routerSecret: Secret | null;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
}

const MAX_ID_LENGTH = 256;
const MAX_HEARTBEAT_MS = 3_600_000;
/** Said whatever went wrong, so the answer tells an open port from a closed one to nobody. */
const CHECK_FAILED = 'The callback URL did not accept the subscription.';

function badTarget(message: string): BadUserInputError {
  return refusingRequest(new BadUserInputError(message), 400);
}

function text(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : null;
}

/** The router's `extensions.subscription`, read strictly; either spelling Apollo accepts. */
function readTarget(
  extension: Readonly<Record<string, unknown>>,
  config: SubscriptionCallbackConfig,
): CallbackTarget {
  const rawUrl = extension['callbackUrl'] ?? extension['callback_url'];
  const subscriptionId = text(
    extension['subscriptionId'] ?? extension['subscription_id'],
    MAX_ID_LENGTH,
  );
  const verifier = text(extension['verifier'], 4 * MAX_ID_LENGTH);
  const heartbeat = extension['heartbeatIntervalMs'] ?? extension['heartbeat_interval_ms'] ?? 5000;
  let callbackUrl: URL | null = null;
  try {
    callbackUrl = typeof rawUrl === 'string' ? new URL(rawUrl) : null;
  } catch {
    callbackUrl = null;
  }
  if (callbackUrl === null || !['http:', 'https:'].includes(callbackUrl.protocol)) {
    throw badTarget('`extensions.subscription.callbackUrl` must be an http(s) URL.');
  }
  if (subscriptionId === null || verifier === null) {
    throw badTarget('`extensions.subscription` needs `subscriptionId` and `verifier` strings.');
  }
  if (
    typeof heartbeat !== 'number' ||
    !Number.isInteger(heartbeat) ||
    heartbeat > MAX_HEARTBEAT_MS ||
    (heartbeat !== 0 && heartbeat < config.minHeartbeatMs)
  ) {
    throw badTarget(
      `\`heartbeatIntervalMs\` must be 0 or from ${config.minHeartbeatMs} to ${MAX_HEARTBEAT_MS}.`,
    );
  }
  if (!config.origins.includes(callbackUrl.origin)) {
    throw refusingRequest(
      new ForbiddenError(
        'The callback URL’s origin is not one this gateway calls back (SUBSCRIPTION_CALLBACK_ORIGINS).',
      ),
      403,
    );
  }
  return { callbackUrl, subscriptionId, verifier, heartbeatIntervalMs: heartbeat };
}

/**
 * Subscriptions over HTTP, for a router only: Apollo Router's callback protocol is served when
 * ROUTER_SECRET is set, to requests that present it, for callback URLs on the allowed origins,
 * within a bound on how many run. The subscription starts only once the request went through
 * every check (it reached `responseForOperation`: parsing, validation, scopes, cost) with no
 * error; a refused request causes no request to any callback URL. A subscription sent over HTTP
 * without the protocol is told to use WebSocket.
 */
export function subscriptionCallbackPlugin(
  options: SubscriptionCallbackOptions,
): ApolloServerPlugin<GatewayContext> {
  const { config } = options;
  const subscriptions = config ? new CallbackSubscriptions(config, options.logger) : null;
  if (subscriptions) {
    options.metrics.watchActiveSubscriptions('callback', () => subscriptions.active);
  }
  return {
    serverWillStart: () => Promise.resolve({ drainServer: async () => subscriptions?.stopAll() }),
    requestDidStart: ({ request }) => {
      const extension: unknown = request.extensions?.['subscription'];
      let target: CallbackTarget | null = null;
      let answered = false;
      return Promise.resolve({
        didResolveOperation: ({ operation, request: { http } }) => {
          if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) return Promise.resolve();
          if (typeof extension !== 'object' || extension === null) {
            throw refusingRequest(
              new GatewayError(
                ErrorCode.BAD_REQUEST,
                'Subscriptions run over WebSocket (graphql-ws) on this path, not over HTTP.',
              ),
            );
          }
          if (!config || !subscriptions) {
            throw refusingRequest(
              new ForbiddenError('Subscription callbacks are off on this gateway.'),
              403,
            );
          }
          if (!isRouterSecret(http?.headers.get(ROUTER_SECRET_HEADER), options.routerSecret)) {
            throw refusingRequest(
              new ForbiddenError('Subscription callbacks are for the router only.'),
              403,
            );
          }
          const read = readTarget(extension as Record<string, unknown>, config);
          if (!subscriptions.reserve()) {
            throw refusingRequest(
              new OverloadedError('Too many callback subscriptions are running; retry later.'),
              503,
            );
          }
          target = read;
          return Promise.resolve();
        },
        // Reached only when every plugin's checks passed; the answer the protocol expects.
        responseForOperation: () => {
          if (target === null) return Promise.resolve(null);
          answered = true;
          return Promise.resolve({
            http: { status: 200, headers: new HeaderMap([['content-type', 'application/json']]) },
            body: { kind: 'single', singleResult: { data: null } },
          });
        },
        willSendResponse: async (context) => {
          if (target === null || !subscriptions) return;
          const { document } = context;
          const { response } = context;
          const clean =
            answered &&
            document !== undefined &&
            response.body.kind === 'single' &&
            (response.body.singleResult.errors?.length ?? 0) === 0;
          if (!clean) {
            subscriptions.unreserve();
            return;
          }
          if (!(await subscriptions.confirm(target))) {
            if (response.body.kind === 'single') {
              response.body.singleResult.errors = [
                { message: CHECK_FAILED, extensions: { code: ErrorCode.BAD_REQUEST } },
              ];
            }
            response.http.status = 400;
            return;
          }
          await subscriptions.start(target, {
            schema: context.schema,
            document,
            variableValues: context.request.variables ?? null,
            contextValue: context.contextValue,
            operationName: context.operationName ?? null,
          });
        },
      });
    },
  };
}
