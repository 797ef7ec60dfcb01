import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../observability/logger';
import { ErrorCode } from '../errors';
import { graphqlErrorBody } from './graphql-error-body';

/**
 * Turns body-parser failures (too large, not JSON) into GraphQL-shaped JSON errors, instead of
 * Express's HTML page with a stack trace. Anything else is logged and masked.
 */
export function httpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _request, response, _next) => {
    const { status, type } = (error ?? {}) as { status?: unknown; type?: unknown };
    if (status === 413 || type === 'entity.too.large') {
      response.status(413).json(graphqlErrorBody('The request body is too large.'));
      return;
    }
    if (type === 'entity.parse.failed') {
      response.status(400).json(graphqlErrorBody('The request body is not valid JSON.'));
      return;
    }
    logger.error({ err: error }, 'unexpected HTTP error');
    response
      .status(500)
      .json(graphqlErrorBody('Internal server error.', ErrorCode.INTERNAL_SERVER_ERROR));
  };
}
