import {
  createClient,
  type Client,
  type FormattedExecutionResult as ExecutionResult,
} from 'graphql-ws';
import WebSocket from 'ws';

export interface Subscriber<T> {
  /** Results received so far. */
  readonly results: ExecutionResult<T, unknown>[];
  /** Resolves once `count` results have arrived (or rejects after `timeoutMs`). */
  until(count: number, timeoutMs?: number): Promise<ExecutionResult<T, unknown>[]>;
  /** Errors the server sent for the operation, or the close event that ended it. */
  readonly failure: Promise<unknown>;
  readonly client: Client;
  close(): Promise<void>;
}

export interface SubscribeOptions {
  readonly connectionParams?: Record<string, unknown>;
  readonly headers?: Record<string, string>;
}

function wsUrl(url: URL): string {
  return url.href.replace(/^http/, 'ws');
}

/** A graphql-ws client (subprotocol graphql-transport-ws) running one subscription. */
export async function subscribe<T = Record<string, unknown>>(
  url: URL,
  query: string,
  variables: Record<string, unknown> = {},
  options: SubscribeOptions = {},
): Promise<Subscriber<T>> {
  const headers = options.headers ?? {};
  let connected!: () => void;
  let failed!: (reason: unknown) => void;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  const failure = new Promise<unknown>((resolve) => (failed = resolve));
  const client = createClient({
    url: wsUrl(url),
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers });
      }
    },
    connectionParams: options.connectionParams ?? {},
    retryAttempts: 0,
    lazy: false,
    // The close is the test's to read (`failure`), not graphql-ws's to print.
    onNonLazyError: () => undefined,
    on: {
      connected: () => connected(),
      closed: (event) => failed(event),
    },
  });
  const results: ExecutionResult<T, unknown>[] = [];
  const waiters: (() => void)[] = [];
  client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        results.push(result);
        for (const wake of waiters.splice(0)) wake();
      },
      error: (error) => failed(error),
      complete: () => undefined,
    },
  );
  // A refused connection closes instead of connecting.
  await Promise.race([ready, failure]);
  // The subscribe message is on its way once connected; give the server a moment to take it.
  await new Promise((resolve) => setTimeout(resolve, 50));
  return {
    results,
    failure,
    client,
    until: (count, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${results.length} of ${count} results arrived`)),
          timeoutMs,
        );
        const check = (): void => {
          if (results.length >= count) {
            clearTimeout(timer);
            resolve(results);
          } else {
            waiters.push(check);
          }
        };
        check();
      }),
    close: () => client.dispose() as Promise<void>,
  };
}
