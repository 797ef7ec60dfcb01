import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { GatewayContext, RequestBudget } from '../context';
import { QueryTooComplexError } from '../errors';
import { fragmentsOf, type Fragments } from '../resolvers/selected-fields';
import { priceOperation, pricedVariables, type OperationPrice } from './operation-price';

export interface CostLimits {
  /** Objects one HTTP request may ask for. */
  readonly maxCost: number;
  /** Upstream calls one HTTP request may cause at worst. */
  readonly maxUpstreamCalls: number;
  readonly maxEntities: number;
}

interface OperationPrices {
  /** The variables the price depends on; the others (ids, filters) share one price. */
  readonly variables: readonly string[];
  readonly byValues: Map<string, OperationPrice>;
}

/**
 * Prices remembered per operation node (Apollo keeps one parsed document per query text), by the
 * values of the variables the price depends on: `recording(id: $id)` has one price for every id;
 * `recordings(first: $n)` keeps a few recent `$n`.
 */
const PRICES = new WeakMap<OperationDefinitionNode, OperationPrices>();
const PRICES_PER_OPERATION = 16;

function knownPrice(
  operation: OperationDefinitionNode,
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>> | undefined,
  price: (fragments: Fragments) => OperationPrice,
): OperationPrice {
  let prices = PRICES.get(operation);
  let fragments: Fragments | null = null;
  if (!prices) {
    fragments = fragmentsOf(document);
    prices = { variables: pricedVariables(operation, fragments), byValues: new Map() };
    PRICES.set(operation, prices);
  }
  const key =
    prices.variables.length === 0
      ? ''
      : // [value] when given, [] when not: a missing variable takes its default, null does not.
        JSON.stringify(
          prices.variables.map((name) =>
            variables && Object.hasOwn(variables, name) ? [variables[name]] : [],
          ),
        );
  const known = prices.byValues.get(key);
  if (known) return known;
  // A price that throws (bad variables, too complex) is not remembered: it is thrown each time.
  const priced = price(fragments ?? fragmentsOf(document));
  if (prices.byValues.size >= PRICES_PER_OPERATION) prices.byValues.clear();
  prices.byValues.set(key, priced);
  return priced;
}

/**
 * Refuses, before any resolver runs, an operation whose price would take its HTTP request over
 * the limits, and otherwise adds the price to the request's budget. Batched operations share one
 * context, so they share one budget: ten operations each just under the limit do not get ten
 * times the limit.
 */
export function chargeOperationPrice(
  limits: CostLimits,
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>> | undefined,
  budget: RequestBudget,
): void {
  const price = knownPrice(operation, document, variables, (fragments) =>
    priceOperation(schema, operation, fragments, variables, limits),
  );
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
}

/** `chargeOperationPrice` for every operation Apollo runs. */
export function queryCostPlugin(limits: CostLimits): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: ({ request, document, operation, schema, contextValue }) => {
          // No operation to run: execution reports that, and nothing is priced or spent.
          if (operation) {
            chargeOperationPrice(
              limits,
              schema,
              operation,
              document,
              request.variables,
              contextValue.budget,
            );
          }
          return Promise.resolve();
        },
      }),
  };
}
