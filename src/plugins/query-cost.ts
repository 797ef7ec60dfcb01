import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';
import { QueryTooComplexError } from '../errors';
import { fragmentsOf } from '../resolvers/selected-fields';
import { priceOperation } from './operation-price';

export interface CostLimits {
  /** Objects one HTTP request may ask for. */
  readonly maxCost: number;
  /** Upstream calls one HTTP request may cause at worst. */
  readonly maxUpstreamCalls: number;
  readonly maxEntities: number;
}

/**
 * Refuses, before any resolver runs, an operation whose price would take its HTTP request over
 * the limits. Batched operations share one context, so they share one budget: ten operations
 * each just under the limit do not get ten times the limit.
 */
export function queryCostPlugin(limits: CostLimits): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: ({ request, document, operation, schema, contextValue }) => {
          // No operation to run: execution reports that, and nothing is priced or spent.
          if (!operation) return Promise.resolve();
          const price = priceOperation(
            schema,
            operation,
            fragmentsOf(document),
            request.variables,
            limits,
          );
          const { budget } = contextValue;
          const cost = budget.objects + price.objects;
          const upstreamCalls = budget.upstreamCalls + price.upstreamCalls;
          if (cost > limits.maxCost) {
            throw new QueryTooComplexError(
              `The operation costs ${cost}, more than the allowed ${limits.maxCost}: ask for ` +
                'fewer items (`first`) or fewer nested lists.',
              { cost, maxCost: limits.maxCost },
            );
          }
          if (upstreamCalls > limits.maxUpstreamCalls) {
            throw new QueryTooComplexError(
              `The operation may need ${upstreamCalls} upstream calls, more than the allowed ` +
                `${limits.maxUpstreamCalls} per request: ask for fewer items, aliases or links.`,
              { upstreamCalls, maxUpstreamCalls: limits.maxUpstreamCalls },
            );
          }
          budget.objects = cost;
          budget.upstreamCalls = upstreamCalls;
          return Promise.resolve();
        },
      }),
  };
}
