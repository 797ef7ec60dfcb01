import type { ApolloServerPlugin } from '@apollo/server';
import { scopeForRootField, type Scope } from '../auth/scopes';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import type { Caller } from '../auth/caller';
import type { GatewayContext } from '../context';
import {
  AuthUnavailableError,
  ForbiddenError,
  UnauthenticatedError,
  refusingRequest,
} from '../errors';
import { forEachSelectedField, fragmentsOf } from '../resolvers/selected-fields';

// Syntax trees are never changed once parsed, and a known document's are reused request after
// request: what an operation needs is worked out once.
// Keyed by document too: an operation's fragments are its document's.
const NEEDED = new WeakMap<DocumentNode, WeakMap<OperationDefinitionNode, ReadonlySet<Scope>>>();

/** The scopes an operation's root fields need. */
function scopesNeeded(
  operation: OperationDefinitionNode,
  document: DocumentNode,
): ReadonlySet<Scope> {
  let byOperation = NEEDED.get(document);
  if (byOperation === undefined) {
    byOperation = new WeakMap();
    NEEDED.set(document, byOperation);
  }
  let needed = byOperation.get(operation);
  if (needed === undefined) {
    const scopes = new Set<Scope>();
    forEachSelectedField([operation.selectionSet], fragmentsOf(document), (field) => {
      const scope = scopeForRootField(operation.operation, field.name.value);
      if (scope) scopes.add(scope);
    });
    needed = scopes;
    byOperation.set(operation, needed);
  }
  return needed;
}

/**
 * With end-user authentication on, refuses an operation before it runs, and before any upstream
 * call: no valid token is UNAUTHENTICATED (HTTP 401), a token without a scope one of its root
 * fields needs is FORBIDDEN (HTTP 403), naming the scope. Queries need `recordings:read`,
 * recording commands `recordings:control`, the other mutations `recordings:delete`.
 */
export function checkScopes(
  caller: Caller,
  operation: OperationDefinitionNode,
  document: DocumentNode,
): void {
  if (caller.kind === 'open') return;
  const needed = scopesNeeded(operation, document);
  if (needed.size === 0) return;
  // Nobody can be verified: the server's fault (503), not a reason to tell the user to sign in.
  if (caller.kind === 'unavailable') throw new AuthUnavailableError();
  if (caller.kind === 'refused') {
    const error = new UnauthenticatedError(
      'A valid access token is required: send "Authorization: Bearer <token>".',
    );
    Object.assign(error.extensions, {
      http: { status: 401, headers: new Map([['www-authenticate', 'Bearer']]) },
    });
    throw error;
  }
  const missing = [...needed].filter((scope) => !caller.scopes.has(scope));
  if (missing.length > 0) {
    throw refusingRequest(
      new ForbiddenError(
        `This operation needs the scope ${missing.join(' and ')}, which the access token ` +
          'does not grant.',
        { requiredScopes: missing.join(' ') },
      ),
      403,
    );
  }
}

/** `checkScopes` for every operation Apollo runs. */
export function scopeCheckPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: ({ operation, document, contextValue }) => {
          if (operation) checkScopes(contextValue.caller, operation, document);
          return Promise.resolve();
        },
      }),
  };
}
