import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';

/** Larger documents still run; they are just not kept as persisted queries. */
export const APQ_MAX_DOCUMENT_BYTES = 32 * 1024;

/**
 * Who may add to the shared persisted-query store: a caller with the credential this mode
 * requires, with a document of sensible size. Apollo registers a document after every
 * didResolveOperation hook has passed, unless told not to here; the operation itself still runs.
 */
export function apqPolicyPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: ({ metrics, contextValue, source }) => {
          if (
            metrics.persistedQueryRegister &&
            (contextValue.anonymous || Buffer.byteLength(source) > APQ_MAX_DOCUMENT_BYTES)
          ) {
            metrics.persistedQueryRegister = false;
          }
          return Promise.resolve();
        },
      }),
  };
}
