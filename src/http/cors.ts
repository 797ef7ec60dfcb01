import cors from 'cors';
import type { RequestHandler } from 'express';

/** Headers a browser client of this gateway may send. */
const ALLOWED_HEADERS = [
  'content-type',
  'authorization',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
  'x-request-id',
];

/**
 * CORS for /graphql only (health, metrics and webhooks are not for browsers): exact origins, or,
 * in development, any origin reflected. A refused origin gets no Access-Control-Allow-Origin, so
 * the browser keeps the answer from the page. No cookies: credentials travel in Authorization.
 * Preflights are cacheable for ten minutes.
 */
export function corsForGraphql(origins: readonly string[] | null): RequestHandler {
  return cors({
    origin: origins === null ? true : [...origins],
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: ['x-request-id'],
    maxAge: 600,
    credentials: false,
  });
}
