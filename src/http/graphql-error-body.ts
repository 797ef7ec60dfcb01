import { ErrorCode } from '../errors';

/** A GraphQL-shaped error body for failures before GraphQL execution (HTTP-level problems). */
export function graphqlErrorBody(message: string, code: ErrorCode = ErrorCode.BAD_REQUEST) {
  return { errors: [{ message, extensions: { code } }] };
}
