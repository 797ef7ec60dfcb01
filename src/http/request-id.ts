import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

// A caller's id is kept only when it is short and plain: it goes into every log line.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Takes `x-request-id` from the caller (or makes one) and echoes it on the response. */
export function requestId(): RequestHandler {
  return (request, response, next) => {
    const given = request.header('x-request-id');
    const id = given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
    response.locals['requestId'] = id;
    response.setHeader('x-request-id', id);
    next();
  };
}
