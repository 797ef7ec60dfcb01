import { AuthUnavailableError, ErrorCode, ForbiddenError, GatewayError } from '../errors';
import type { Caller } from './caller';
import { Scope } from './scopes';

/**
 * Why `caller` may not receive live events now, or null when it may: a subscription asks this when
 * it starts and again before every event it delivers, so a token that expired, or lost its scope,
 * ends the subscription instead of riding it. Expiry is exact (no clock tolerance): nothing is
 * delivered past `exp`.
 */
export function liveAccessRefusal(caller: Caller, now = Date.now()): GatewayError | null {
  switch (caller.kind) {
    case 'open':
      return null;
    case 'refused':
      return new GatewayError(ErrorCode.UNAUTHENTICATED, 'A valid access token is required.');
    case 'unavailable':
      return new AuthUnavailableError();
    case 'user':
      if (caller.expiresAt * 1000 <= now) {
        return new GatewayError(
          ErrorCode.UNAUTHENTICATED,
          'The access token expired; subscribe again with a fresh one.',
        );
      }
      return caller.scopes.has(Scope.RECORDINGS_READ)
        ? null
        : new ForbiddenError(
            `This operation needs the scope ${Scope.RECORDINGS_READ}, which the access token does not grant.`,
            { requiredScopes: Scope.RECORDINGS_READ },
          );
  }
}
