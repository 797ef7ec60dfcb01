import type { RequestHandler } from 'express';
import { graphqlErrorBody } from './graphql-error-body';

/** Refuses HTTP requests that batch more operations than allowed, before any is parsed. */
export function batchLimit(maxOperations: number): RequestHandler {
  return (request, response, next) => {
    const body: unknown = request.body;
    if (Array.isArray(body) && body.length > maxOperations) {
      response
        .status(400)
        .json(
          graphqlErrorBody(
            `A request may batch at most ${maxOperations} operations; this one has ${body.length}.`,
          ),
        );
      return;
    }
    next();
  };
}
