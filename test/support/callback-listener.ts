import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CallbackMessage {
  readonly action: string;
  readonly id?: string;
  readonly verifier?: string;
  readonly payload?: { data?: Record<string, unknown> | null };
  readonly errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

export interface CallbackListener {
  /** e.g. http://127.0.0.1:PORT */
  readonly origin: string;
  /** Every request it got, in order, whatever its path. */
  readonly received: CallbackMessage[];
  /** Waits until a message satisfies `match`, or fails after `timeoutMs`. */
  until(match: (message: CallbackMessage) => boolean, timeoutMs?: number): Promise<CallbackMessage>;
  /** From now on, answer 404 (the router forgot the subscription). */
  forget(): void;
  close(): Promise<void>;
}

/** A stand-in for Apollo Router's callback endpoint: records what a subgraph posts to it. */
export async function startCallbackListener(): Promise<CallbackListener> {
  const received: CallbackMessage[] = [];
  let forgotten = false;
  const waiters: (() => void)[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      let message: CallbackMessage = { action: 'unreadable' };
      try {
        message = JSON.parse(body) as CallbackMessage;
      } catch {
        // Recorded as unreadable: the test sees it arrived.
      }
      received.push(message);
      for (const wake of waiters.splice(0)) wake();
      const status = forgotten ? 404 : message.action === 'check' ? 204 : 200;
      response.writeHead(status, { 'subscription-protocol': 'callback/1.0' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    forget: () => {
      forgotten = true;
    },
    until: async (match, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find(match);
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching callback among ${received.length} received`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
