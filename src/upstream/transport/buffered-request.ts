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

const NO_HEADERS: Readonly<Record<string, string | string[] | undefined>> = {};

/**
 * Keeps a call's chunks and settles its promise. One object with its methods on the prototype,
 * not a handler of closures: it lives while the call is on the wire, hundreds at once at
 * internet latency, and what lives that long is what the young-generation GC copies.
 */
class BufferingHandler implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | null = null;
  private abortedWith: Error | null = null;
  private statusCode = 0;
  private headers = NO_HEADERS;
  /** Most answers come in one chunk: an array only for the rest. */
  private firstChunk: Buffer | null = null;
  private moreChunks: Buffer[] | null = null;
  /** Heard when the signal aborts; null without a signal. */
  readonly abortListener: (() => void) | null;

  constructor(
    private readonly resolve: (response: BufferedResponse) => void,
    private readonly reject: (error: Error) => void,
    private readonly signal: DeadlineSignal | undefined,
  ) {
    this.abortListener = signal ? () => this.aborted(signal) : null;
  }

  private aborted(signal: DeadlineSignal): void {
    const reason = abortReason(signal);
    // Not yet on a socket: the caller hears now, and the request is dropped once it gets one.
    if (this.controller) this.controller.abort(reason);
    else {
      this.abortedWith = reason;
      this.reject(reason);
    }
  }

  private stopListening(): void {
    if (this.abortListener) this.signal?.offAbort(this.abortListener);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    if (this.abortedWith) controller.abort(this.abortedWith);
    else this.controller = controller;
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    this.statusCode = statusCode;
    this.headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.firstChunk === null) this.firstChunk = chunk;
    else if (this.moreChunks === null) this.moreChunks = [this.firstChunk, chunk];
    else this.moreChunks.push(chunk);
  }

  onResponseEnd(): void {
    this.stopListening();
    let text = this.moreChunks
      ? Buffer.concat(this.moreChunks).toString()
      : (this.firstChunk?.toString() ?? '');
    if (text.charCodeAt(0) === BYTE_ORDER_MARK) text = text.slice(1);
    this.resolve({ statusCode: this.statusCode, headers: this.headers, text });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.stopListening();
    this.reject(error);
  }
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
    const handler = new BufferingHandler(resolve, reject, signal);
    if (signal && handler.abortListener) signal.onAbort(handler.abortListener);
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
