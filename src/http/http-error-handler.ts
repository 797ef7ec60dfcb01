import type { ErrorRequestHandler } from 'express';
import { ErrorCode } from '../errors';
import type { Logger } from '../observability/logger';
import { graphqlErrorBody } from './graphql-error-body';

/** body-parser's error types, and what the client is told. */
const CLIENT_FAULTS: Readonly<Record<string, { status: number; message: string }>> = {
  'entity.too.large': { status: 413, message: 'The request body is too large.' },
  'entity.parse.failed': { status: 400, message: 'The request body is not valid JSON.' },
  'charset.unsupported': {
    status: 415,
    message: 'Unsupported charset: send the body as UTF-8 (`application/json; charset=utf-8`).',
  },
  'encoding.unsupported': {
    status: 415,
    message: 'Unsupported Content-Encoding: send the body as identity, gzip, deflate or br.',
  },
  'request.aborted': { status: 400, message: 'The request body was cut short.' },
  'request.size.invalid': {
    status: 400,
    message: 'The request body does not match its Content-Length.',
  },
};

/**
 * Turns HTTP-level failures into GraphQL-shaped JSON errors, instead of Express's HTML page with a
 * stack trace. The client's mistakes (too large, not JSON, a charset or encoding we do not take,
 * a body cut short or not decodable) get their 4xx and a warn line without a stack; anything else
 * is a server fault, logged at error and masked.
 */
export function httpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _request, response, _next) => {
    const { status, type } = (error ?? {}) as { status?: unknown; type?: unknown };
    const known = typeof type === 'string' ? CLIENT_FAULTS[type] : undefined;
    // Other 4xx from body-parser (a corrupt gzip body, ...): the client's, with its status.
    const clientStatus =
      known?.status ?? (typeof status === 'number' && status >= 400 && status < 500 ? status : 0);
    if (clientStatus > 0) {
      const message = known?.message ?? 'The request body could not be read.';
      logger.warn({ status: clientStatus, type }, 'refused an unreadable HTTP request');
      if (!response.headersSent) {
        response.status(clientStatus).json(graphqlErrorBody(message));
      }
      return;
    }
    logger.error({ err: error }, 'unexpected HTTP error');
    if (response.headersSent) return;
    response
      .status(500)
      .json(graphqlErrorBody('Internal server error.', ErrorCode.INTERNAL_SERVER_ERROR));
  };
}
