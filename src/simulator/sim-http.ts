import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimResponse } from './sim-response';

// The simulator's HTTP plumbing: bodies in, answers out, the bearer key checked.

export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return null;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

export function authorized(request: IncomingMessage, apiKeys: ReadonlySet<string>): boolean {
  const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
  return match?.[1] !== undefined && apiKeys.has(match[1]);
}

export function send(response: ServerResponse, answer: SimResponse, truncate = false): void {
  const full = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  const body = truncate ? full.slice(0, Math.floor(full.length / 2)) : full;
  response.writeHead(answer.status, {
    ...(answer.status === 204 ? {} : { 'content-type': 'application/json' }),
    'content-length': Buffer.byteLength(body),
    ...answer.headers,
  });
  response.end(body);
}

/** A proxy in front of the provider answers its own 404 page (a drift switch). */
export const HTML_NOT_FOUND: SimResponse = {
  status: 404,
  body: '<html><head><title>404 Not Found</title></head><body>nginx</body></html>',
  headers: { 'content-type': 'text/html' },
};
