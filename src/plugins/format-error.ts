import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, withoutSchemaHints } from '../errors';

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
