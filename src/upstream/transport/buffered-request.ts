import { errors, type Dispatcher } from 'undici';
import type { DeadlineSignal } from '../scheduling/deadline';
import type { UpstreamMethod } from '../scheduling/upstream-scheduler';

export interface BufferedResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The whole body, decoded as UTF-8 (a leading byte-order mark dropped, as undici's `text()`). */
  readonly text: string;
}

export interface BufferedRequestOptions {
  readonly method: UpstreamMethod;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Aborts the request; without one it runs until answered or timed out. */
  readonly signal?: DeadlineSignal;
  readonly headersTimeout: number;
  readonly bodyTimeout: number;
}

const BYTE_ORDER_MARK = 0xfeff;

function abortReason(signal: DeadlineSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new errors.RequestAbortedError();
}

/**
 * One request whose answer is read whole: undici's dispatcher with a handler that keeps the
 * chunks, instead of `request()`, whose response stream, headers object and signal wiring cost
 * as much CPU again as the socket work (40 µs a call here; a page with links makes 21 calls).
 * Errors are undici's own, as `request()` rejects with them: timeouts, the size cap, sockets;
 * an abort rejects with the signal's reason, or undici's abort error when it gave none.
 */
export function bufferedRequest(
  dispatcher: Dispatcher,
  options: BufferedRequestOptions,
): Promise<BufferedResponse> {
  const { signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    let controller: Dispatcher.DispatchController | null = null;
    let abortedWith: Error | null = null;
    let statusCode = 0;
    let headers: Readonly<Record<string, string | string[] | undefined>> = {};
    const chunks: Buffer[] = [];
    const stopListening = signal?.onAbort(() => {
      const reason = abortReason(signal);
      // Not yet on a socket: the caller hears now, and the request is dropped once it gets one.
      if (controller) controller.abort(reason);
      else {
        abortedWith = reason;
        reject(reason);
      }
    });
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart: (started) => {
        if (abortedWith) started.abort(abortedWith);
        else controller = started;
      },
      onResponseStart: (_controller, status, responseHeaders) => {
        statusCode = status;
        headers = responseHeaders;
      },
      onResponseData: (_controller, chunk) => {
        chunks.push(chunk);
      },
      onResponseEnd: () => {
        stopListening?.();
        let text = chunks.length === 1 ? String(chunks[0]) : Buffer.concat(chunks).toString();
        if (text.charCodeAt(0) === BYTE_ORDER_MARK) text = text.slice(1);
        resolve({ statusCode, headers, text });
      },
      onResponseError: (_controller, error) => {
        stopListening?.();
        reject(error);
      },
    };
    dispatcher.dispatch(
      {
        method: options.method,
        path: options.path,
        headers: options.headers,
        body: options.body ?? null,
        headersTimeout: options.headersTimeout,
        bodyTimeout: options.bodyTimeout,
      },
      handler,
    );
  });
}
