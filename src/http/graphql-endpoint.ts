import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import type { RequestHandler } from 'express';
import type { AdmissionControl } from '../admission/admission-control';
import type { ContextFactory, GatewayContext } from '../context';
import { ErrorCode } from '../errors';
import type { Logger } from '../observability/logger';
import type { GatewayMetrics } from '../observability/metrics';
import {
  inServerSpan,
  startOperationSpan,
  type OperationTrace,
  type TraceParent,
} from '../observability/tracing';
import { chooseEncoding, compress, COMPRESSION_THRESHOLD } from './answer-compression';
import { Deadline } from '../upstream/scheduling/deadline';
import type { DirectExecution } from './direct-execution';
import { BodyError, readJsonBody } from './read-json-body';

import { refusalMessage, type TrustedDocumentResolver } from './trusted-documents';

export interface GraphqlEndpointOptions {
  readonly apollo: ApolloServer<GatewayContext>;
  readonly createContext: ContextFactory;
  readonly admission: AdmissionControl;
  /** `cors` as connect middleware: it answers preflights and sets the headers. */
  readonly cors: RequestHandler;
  readonly trusted: TrustedDocumentResolver | null;
  readonly maxBodyBytes: number;
  /** Every request is answered by then; its upstream calls inherit it. */
  readonly requestDeadlineMs: number;
  readonly maxBatch: number;
  readonly compression: boolean;
  /** The client's address, as Express's `trust proxy` reads it. */
  readonly clientAddress: (request: IncomingMessage) => string;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  /** Known documents' queries without Apollo's pipeline; null: Apollo answers every request. */
  readonly direct: DirectExecution | null;
}

const GRAPHQL_ROUTE = '/graphql';
// A caller's id is kept only when it is short and plain: it goes into every log line.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const OVERLOADED_BODY = JSON.stringify({
  errors: [
    {
      message: 'The gateway is at capacity; retry in a moment.',
      extensions: { code: ErrorCode.OVERLOADED, retryAfterSeconds: 1 },
    },
  ],
});

function errorBody(message: string, code: ErrorCode = ErrorCode.BAD_REQUEST): string {
  return JSON.stringify({ errors: [{ message, extensions: { code } }] });
}

/**
 * The client's address, worked out only when first asked: it names the client only when the
 * caller is not a signed-in user, and working out `trust proxy` costs more than the rest of making
 * a context. A function of its own, so that what it keeps alive is the request and nothing else.
 */
function addressWhenAsked(
  request: IncomingMessage,
  clientAddress: (request: IncomingMessage) => string,
): () => string {
  let address: string | undefined;
  // A client gone by the time it is asked has no address any more: one name for all of them.
  return () => (address ??= clientAddress(request) as string | undefined) ?? 'unknown';
}

function headerMap(request: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/**
 * `/graphql` on plain Node HTTP: request id, CORS, admission, the body (bounded, decoded, JSON),
 * the batch limit and trusted documents, then Apollo's own HTTP handling, and one write of the
 * answer, compressed when it is large and the client takes it. Doing this without a web
 * framework in between saves a third of the CPU an uncached read costs (bench/RESULTS.md).
 */
export function graphqlEndpoint(
  options: GraphqlEndpointOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  const { apollo, logger, metrics } = options;

  const fail = (response: ServerResponse, status: number, body: string, type?: string): void => {
    if (type) logger.warn({ status, type }, 'refused an unreadable HTTP request');
    if (response.headersSent) {
      response.destroy();
      return;
    }
    response.writeHead(status, { 'content-type': 'application/json' }).end(body);
  };

  async function serve(
    request: IncomingMessage,
    response: ServerResponse,
    requestId: string,
    parent: TraceParent | undefined,
  ) {
    const decision = options.admission.decideNow() ?? (await options.admission.admit());
    if (!decision.admitted) {
      metrics.recordShed(decision.reason);
      request.resume();
      response
        .writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' })
        .end(OVERLOADED_BODY);
      return;
    }
    // 'close' comes once: `on` spares the wrapper `once` makes for every request.
    response.on('close', decision.release);

    const method = request.method ?? 'GET';
    const url = request.url ?? '/graphql';
    const queryAt = url.indexOf('?');
    let search = queryAt >= 0 ? url.slice(queryAt) : '';
    let body: unknown;
    if (method === 'POST') {
      try {
        body = await readJsonBody(request, options.maxBodyBytes);
      } catch (error) {
        if (!(error instanceof BodyError)) throw error;
        fail(response, error.status, errorBody(error.message), 'body');
        return;
      }
      if (Array.isArray(body) && body.length > options.maxBatch) {
        fail(
          response,
          400,
          errorBody(
            `A request may batch at most ${options.maxBatch} operations; this one has ${body.length}.`,
          ),
        );
        return;
      }
      const refused = options.trusted?.resolveBody(body) ?? null;
      if (refused) {
        fail(response, 400, errorBody(refusalMessage(refused), refused));
        return;
      }
    } else {
      request.resume();
      if (method === 'GET' && options.trusted) {
        const resolved = options.trusted.resolveSearch(search);
        if ('refused' in resolved) {
          fail(response, 400, errorBody(refusalMessage(resolved.refused), resolved.refused));
          return;
        }
        search = resolved.search;
      }
    }

    // One operation span per request (a batch's operations share it); none without tracing.
    const operation = startOperationSpan(parent);
    try {
      await answer(request, response, requestId, method, body, search, operation);
    } finally {
      operation?.end();
    }
  }

  /** Runs the operation (directly, or through Apollo) and writes its answer. */
  async function answer(
    request: IncomingMessage,
    response: ServerResponse,
    requestId: string,
    method: string,
    body: unknown,
    search: string,
    operation: OperationTrace | undefined,
  ): Promise<void> {
    // The request's deadline; a client that goes away before its answer cancels its work.
    const deadline = Deadline.start(options.requestDeadlineMs);
    response.on('close', () => {
      if (response.writableFinished) deadline.release();
      else deadline.cancel();
    });
    let context = (): Promise<GatewayContext> =>
      options.createContext({
        authorization: request.headers.authorization,
        requestId,
        remoteAddress: addressWhenAsked(request, options.clientAddress),
        deadline: deadline.deadline,
        trace: operation,
      });
    const direct =
      method === 'POST' ? (options.direct?.match(body, request.headers) ?? null) : null;
    if (direct && options.direct) {
      // One context either way: Apollo, when it answers instead, gets the one made here.
      const made = context();
      context = () => made;
      // A context that cannot be made (a spent client share) is Apollo's to answer.
      const value = await made.catch(() => null);
      if (value) {
        const text = await options.direct.run(direct, value);
        if (text !== null) {
          if (!response.destroyed) {
            await send(request, response, 200, { 'content-type': direct.contentType }, text);
          }
          return;
        }
      }
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = {
      method: method.toUpperCase(),
      headers: headerMap(request),
      search,
      body,
    };
    const answer = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context });
    if (response.destroyed) return;
    const headers: Record<string, string> = {};
    for (const [name, value] of answer.headers) headers[name] = value;
    if (answer.body.kind === 'chunked') {
      response.writeHead(answer.status ?? 200, headers);
      for await (const chunk of answer.body.asyncIterator) response.write(chunk);
      response.end();
      return;
    }
    await send(request, response, answer.status ?? 200, headers, answer.body.string);
  }

  /** Writes an answer in one go, compressed when it is large and the client takes it. */
  async function send(
    request: IncomingMessage,
    response: ServerResponse,
    status: number,
    headers: Record<string, string>,
    text: string,
  ): Promise<void> {
    // Small answers are never compressed: the client's Accept-Encoding is read only for large ones.
    const encoding =
      options.compression && text.length >= COMPRESSION_THRESHOLD
        ? chooseEncoding(request.headers['accept-encoding'])
        : null;
    if (options.compression) {
      const vary = response.getHeader('vary');
      headers['vary'] = typeof vary === 'string' ? `${vary}, Accept-Encoding` : 'Accept-Encoding';
    }
    if (encoding) {
      const compressed = await compress(text, encoding);
      headers['content-encoding'] = encoding;
      headers['content-length'] = String(compressed.length);
      response.writeHead(status, headers).end(compressed);
      return;
    }
    headers['content-length'] = String(Buffer.byteLength(text));
    response.writeHead(status, headers).end(text);
  }

  const handle = (
    request: IncomingMessage,
    response: ServerResponse,
    parent: TraceParent | undefined,
  ): void => {
    const given = request.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    response.setHeader('x-request-id', requestId);
    // No Origin: not a cross-origin browser request, so no CORS headers to compute; Vary still
    // tells caches the answer may differ for one that has an Origin.
    const run = (): void => {
      serve(request, response, requestId, parent).catch((error: unknown) => {
        logger.error({ err: error }, 'unexpected HTTP error');
        fail(response, 500, errorBody('Internal server error.', ErrorCode.INTERNAL_SERVER_ERROR));
      });
    };
    if (request.headers.origin === undefined && request.method !== 'OPTIONS') {
      response.setHeader('vary', 'Origin');
      run();
      return;
    }
    options.cors(
      request as Parameters<RequestHandler>[0],
      response as Parameters<RequestHandler>[1],
      () => {
        // Preflights cost nothing and are never shed: cors answered them already.
        if (request.method !== 'OPTIONS') run();
      },
    );
  };
  return (request, response) => inServerSpan(GRAPHQL_ROUTE, request, response, handle);
}
