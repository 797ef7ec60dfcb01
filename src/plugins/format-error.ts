import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, withoutSchemaHints } from '../errors';

// Apollo Server's CSRF refusal, recognised by its own wording (a test holds it).
const APOLLO_CSRF_REFUSAL = 'blocked as a potential Cross-Site Request Forgery';

/** Apollo's refusal names headers; this one names what to set in the client libraries too. */
export const CSRF_REFUSAL =
  'This operation has been blocked as a potential Cross-Site Request Forgery (CSRF): this ' +
  'gateway acts for whoever reaches it (AUTH_DISABLED=true with a server key), so it answers ' +
  'only requests a browser would have preflighted. Send POST with `content-type: ' +
  'application/json`, or the header `apollo-require-preflight: true` (urql: ' +
  "`fetchOptions: { headers: { 'apollo-require-preflight': 'true' } }`, or " +
  '`preferGetMethod: false`).';

/**
 * Errors with a code (ours, and Apollo's parse/validation/input errors) go out as they are (in
 * production without "Did you mean" hints).
 * Anything else is a bug or an unexpected failure: its message could hold internals, so it is
 * replaced, and logged by the caller.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  onUnexpected: (error: unknown) => void,
  original: unknown,
  hideSchemaDetails = false,
): GraphQLFormattedError {
  const code = formatted.extensions?.['code'];
  if (code === ErrorCode.BAD_REQUEST && formatted.message.includes(APOLLO_CSRF_REFUSAL)) {
    return { ...formatted, message: CSRF_REFUSAL };
  }
  if (typeof code === 'string' && code !== (ErrorCode.INTERNAL_SERVER_ERROR as string)) {
    // Apollo hides hints in validation errors only; variable coercion messages carry them too.
    return hideSchemaDetails
      ? { ...formatted, message: withoutSchemaHints(formatted.message) }
      : formatted;
  }
  onUnexpected(original);
  return {
    message: 'Internal server error.',
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
