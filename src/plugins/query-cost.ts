import type { ApolloServerPlugin } from '@apollo/server';
import type { OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from '../context';
import { QueryTooComplexError } from '../errors';
import { fragmentsOf } from '../resolvers/selected-fields';
import { priceOperation, type OperationPrice } from './operation-price';

export interface CostLimits {
  /** Objects one HTTP request may ask for. */
  readonly maxCost: number;
  /** Upstream calls one HTTP request may cause at worst. */
  readonly maxUpstreamCalls: number;
  readonly maxEntities: number;
}

/**
 * Prices remembered per operation node (Apollo keeps one parsed document per query text): an
 * operation without variables has one price; with variables, a few recent sets are kept.
 */
const PRICES = new WeakMap<OperationDefinitionNode, Map<string, OperationPrice>>();
const PRICES_PER_OPERATION = 16;

function knownPrice(
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
  price: () => OperationPrice,
): OperationPrice {
  const key = operation.variableDefinitions?.length && variables ? JSON.stringify(variables) : '';
  let byVariables = PRICES.get(operation);
  const known = byVariables?.get(key);
  if (known) return known;
  // A price that throws (bad variables, too complex) is not remembered: it is thrown each time.
  const priced = price();
  if (!byVariables) {
    byVariables = new Map();
    PRICES.set(operation, byVariables);
  }
  if (byVariables.size >= PRICES_PER_OPERATION) byVariables.clear();
  byVariables.set(key, priced);
  return priced;
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
          const price = knownPrice(operation, request.variables, () =>
            priceOperation(schema, operation, fragmentsOf(document), request.variables, limits),
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
