import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import type { Secret } from '../config/secret';
import type { GatewayContext } from '../context';
import { ForbiddenError, refusingRequest } from '../errors';
import { fragmentsOf, selectsField } from '../resolvers/selected-fields';

import { isRouterSecret, ROUTER_SECRET_HEADER } from './router-secret';

export interface RouterAccess {
  /** `_service` and traces for anyone: development, or introspection switched on. */
  readonly open: boolean;
  /** A router presenting this in `x-router-secret` gets them in production too. */
  readonly routerSecret: Secret | null;
}

/**
 * What only a router needs stays with the router in production: the subgraph SDL (`_service`,
 * which is the whole schema while introspection is off) and federated traces (ftv1: per-field
 * timings, several times the answer's size). Both follow GRAPHQL_INTROSPECTION, or a router's
 * shared secret.
 */
export function routerOnlyPlugins(access: RouterAccess): ApolloServerPlugin<GatewayContext>[] {
  const isRouter = (context: GraphQLRequestContext<GatewayContext>) =>
    access.open ||
    isRouterSecret(context.request.http?.headers.get(ROUTER_SECRET_HEADER), access.routerSecret);
  const traces = ApolloServerPluginInlineTrace({ includeErrors: { masked: true } });
  return [
    {
      ...traces,
      // Same plugin id as Apollo's, so Apollo does not install an ungated one beside it.
      requestDidStart: async (context) =>
        isRouter(context) ? traces.requestDidStart?.(context) : undefined,
    },
    {
      requestDidStart: () =>
        Promise.resolve({
          didResolveOperation: (context) => {
            const { operation, document } = context;
            if (!operation || isRouter(context)) return Promise.resolve();
            const asksForSdl = selectsField(
              [operation.selectionSet],
              fragmentsOf(document),
              '_service',
            );
            if (asksForSdl) {
              throw refusingRequest(
                new ForbiddenError(
                  '`_service` is served to the router only (introspection is off).',
                ),
                403,
              );
            }
            return Promise.resolve();
          },
        }),
    },
  ];
}
