import type { Dispatcher } from 'undici';

export interface Answer {
  readonly status: number;
  readonly text: string;
  readonly retryAfterSeconds: number;
}

export interface Request {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/**
 * One request through undici's dispatcher, its answer read whole, without the response stream
 * that `request()` builds (half its client CPU). The load generator shares the machine with
 * what it measures, and reads thousands of refusals a second under overload; the floor makes
 * its upstream calls as cheaply as the gateway does.
 */
export function send(dispatcher: Dispatcher, request: Request): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let status = 0;
    let retryAfterSeconds = 0;
    const chunks: Buffer[] = [];
    dispatcher.dispatch(request, {
      // undici takes a handler for its current interface only when it has this method.
      onRequestStart: () => undefined,
      onResponseStart: (_controller, statusCode, headers) => {
        status = statusCode;
        retryAfterSeconds = Number(headers['retry-after']) || 0;
      },
      onResponseData: (_controller, chunk) => {
        chunks.push(chunk);
      },
      onResponseEnd: () => {
        const text = chunks.length === 1 ? String(chunks[0]) : Buffer.concat(chunks).toString();
        resolve({ status, text, retryAfterSeconds });
      },
      onResponseError: (_controller, error) => reject(error),
    });
  });
}
