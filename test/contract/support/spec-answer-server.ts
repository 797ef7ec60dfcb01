import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { operationKey, responseSchema, violations } from './provider-contract';

export interface SpecAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** What the server was asked: the spec's operation (null: not in the spec) and the raw query. */
export interface SpecRequest {
  readonly operation: string | null;
  readonly path: string;
  readonly query: string;
}

export interface SpecAnswerServer {
  /** Base URL with `/v2`, as the gateway's UPSTREAM_URL. */
  readonly baseUrl: URL;
  readonly requests: SpecRequest[];
  /** Answers it served that its own spec check refused (must stay empty: the answers are the test). */
  readonly nonConforming: string[];
  close(): Promise<void>;
}

/**
 * A stand-in provider on an ephemeral port that answers each request of the spec's operations
 * with what `answer` builds, after checking with the validator that the answer is one the spec
 * allows. A route outside the spec is a 404 with the provider's error envelope.
 */
export async function startSpecAnswerServer(
  answer: (operation: string, request: SpecRequest) => SpecAnswer,
): Promise<SpecAnswerServer> {
  const requests: SpecRequest[] = [];
  const nonConforming: string[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://spec');
    const path = url.pathname.replace(/^\/v2/, '');
    const operation = operationKey(request.method ?? 'GET', path);
    const asked = { operation, path, query: url.search };
    requests.push(asked);
    // The body is drained (commands send one) before answering.
    request.resume();
    request.on('end', () => {
      const answered: SpecAnswer = operation
        ? answer(operation, asked)
        : { status: 404, body: { errors: [{ code: '10005', title: 'Not found' }] } };
      const schema = operation ? responseSchema(operation, answered.status) : null;
      const wrong = schema ? violations(schema, answered.body) : [];
      if (wrong.length > 0) nonConforming.push(`${operation ?? path}: ${wrong.join('; ')}`);
      const text = JSON.stringify(answered.body);
      response
        .writeHead(answered.status, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
        })
        .end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: new URL(`http://127.0.0.1:${port}/v2`),
    requests,
    nonConforming,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
