import type { ApolloServerPlugin } from '@apollo/server';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { getNamedType, isLeafType } from 'graphql';
import { QueryTooComplexError } from '../errors';
import { DEFAULT_PAGE_SIZE } from '../schema/connection.args';

/**
 * Cost tuned to this schema: leaves are free, each object costs 1 plus its selection, and a field
 * that takes `first` (a connection) costs its selection once per item asked for. `_entities`
 * scales with its representations. Nested lists therefore multiply, as their upstream calls do.
 */
export const recordingsGraphEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (isLeafType(getNamedType(field.type))) return 0;
  if (field.args.some((arg) => arg.name === 'first')) {
    const first: unknown = args['first'];
    const items = typeof first === 'number' ? Math.max(0, first) : DEFAULT_PAGE_SIZE;
    return 1 + items * Math.max(childComplexity, 1);
  }
  if (field.name === '_entities') {
    const representations: unknown = args['representations'];
    const count = Array.isArray(representations) ? representations.length : 1;
    return 1 + count * Math.max(childComplexity, 1);
  }
  return 1 + childComplexity;
};

/** Refuses operations whose cost exceeds `maxCost` before any resolver runs. */
export function queryCostPlugin(maxCost: number): ApolloServerPlugin {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: ({ request, document, schema }) => {
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables: request.variables ?? {},
              ...(request.operationName ? { operationName: request.operationName } : {}),
              estimators: [recordingsGraphEstimator],
            });
          } catch {
            // Variables that do not coerce: execution reports them as BAD_USER_INPUT next.
            return Promise.resolve();
          }
          if (cost > maxCost) throw new QueryTooComplexError(cost, maxCost);
          return Promise.resolve();
        },
      }),
  };
}
