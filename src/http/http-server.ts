import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import proxyAddr from 'proxy-addr';
import type { Config } from '../config/config';

export const GRAPHQL_PATH = '/graphql';

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** The HTTP side of the gateway before anything is mounted on it. */
export interface HttpFront {
  readonly server: Server;
  /** Everything but /graphql: health, metrics, webhooks. */
  readonly app: Express;
  /** The client's address as `TRUST_PROXY` says to read it. */
  readonly clientAddress: (request: IncomingMessage) => string;
  /** /graphql answers 503 until its handler is set (Apollo starts after the server exists). */
  serveGraphql(handler: Handler): void;
}

/**
 * Node's HTTP server with bounds a public endpoint needs (slow senders, connection floods).
 * `/graphql` goes straight to its own handler; everything else (health, metrics) to Express.
 */
export function createHttpFront(config: Readonly<Config>): HttpFront {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  const trustProxy = app.get('trust proxy fn') as Parameters<typeof proxyAddr>[1];
  // The endpoint is built once Apollo exists; the server needs the handler now.
  let graphql: Handler = (_request, response) => response.writeHead(503).end();
  const server = createServer(
    {
      requestTimeout: config.httpRequestTimeoutMs,
      headersTimeout: Math.min(config.httpHeadersTimeoutMs, config.httpRequestTimeoutMs),
      keepAliveTimeout: config.httpKeepAliveTimeoutMs,
      // Node checks those timeouts every 30 s by default: a slow sender would get 30 s more.
      connectionsCheckingInterval: 1000,
    },
    (request, response) => {
      const url = request.url ?? '';
      const isGraphql =
        url.startsWith(GRAPHQL_PATH) &&
        (url.length === GRAPHQL_PATH.length || url[GRAPHQL_PATH.length] === '?');
      if (isGraphql) graphql(request, response);
      else app(request, response);
    },
  );
  server.maxConnections = config.httpMaxConnections;
  return {
    server,
    app,
    clientAddress: (request) => proxyAddr(request, trustProxy),
    serveGraphql: (handler) => {
      graphql = handler;
    },
  };
}

export async function listen(server: Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}

export function urlOf(server: Server, path: string): URL {
  const { address, port } = server.address() as AddressInfo;
  const host = address === '0.0.0.0' || address === '::' ? 'localhost' : address;
  return new URL(`http://${host.includes(':') ? `[${host}]` : host}:${port}${path}`);
}
