import { connect, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { postGraphQL } from '../support/graphql-client';
import { startStack, type Stack } from '../support/start-stack';

interface LogLine {
  level: number;
  msg: string;
  err?: { stack?: string };
  errorCodes?: string[];
}

async function post(url: URL, body: string | Buffer, headers: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, text, type: response.headers.get('content-type') ?? '' };
}

/** Opens a raw connection and resolves once it is open. */
function openSocket(url: URL): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves with how long the server took to close the connection. */
function closedAfter(socket: Socket): Promise<number> {
  const started = performance.now();
  return new Promise((resolve) => {
    socket.on('error', () => undefined);
    socket.once('close', () => resolve(performance.now() - started));
  });
}

describe('HTTP-level hardening', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: {
        NODE_ENV: 'production',
        GRAPHQL_MAX_TOKENS: '200',
        HTTP_REQUEST_TIMEOUT_MS: '1000',
        HTTP_HEADERS_TIMEOUT_MS: '1000',
        HTTP_MAX_CONNECTIONS: '20',
      },
    });
  });
  afterAll(() => stack.close());
  beforeEach(() => {
    stack.logs.length = 0;
  });
  const lines = (): LogLine[] => stack.logs.map((line) => JSON.parse(line) as LogLine);

  it('answers a syntax error with 400 GRAPHQL_PARSE_FAILED, counted and logged at warn', async () => {
    const response = await postGraphQL(stack.gateway.url, '{ recordings(first: 1) { ');
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_PARSE_FAILED');
    const logged = lines().find((line) => line.msg === 'graphql request');
    expect(logged).toMatchObject({ level: 40, errorCodes: ['GRAPHQL_PARSE_FAILED'] });
    const metrics = await (await fetch(new URL('/metrics', stack.gateway.url))).text();
    expect(metrics).toMatch(/graphql_errors_total\{code="GRAPHQL_PARSE_FAILED"\} [1-9]/);
  });

  it('answers a document over the token limit with 400 GRAPHQL_PARSE_FAILED', async () => {
    const fields = Array.from({ length: 250 }, () => '__typename').join(' ');
    const response = await postGraphQL(stack.gateway.url, `{ ${fields} }`);
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_PARSE_FAILED');
    expect(response.errors?.[0]?.message).toMatch(/tokens/);
  });

  it('answers an unsupported charset with 415 and a JSON error', async () => {
    const response = await post(stack.gateway.url, '{"query":"{ __typename }"}', {
      'content-type': 'application/json; charset=latin1',
    });
    expect(response.status).toBe(415);
    expect(JSON.parse(response.text)).toMatchObject({
      errors: [{ extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('answers an unknown content-encoding with 415 and a corrupt one with 400', async () => {
    const unknown = await post(stack.gateway.url, '{"query":"{ __typename }"}', {
      'content-type': 'application/json',
      'content-encoding': 'zstd-ish',
    });
    const corrupt = await post(stack.gateway.url, 'not gzip at all', {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    const good = await post(stack.gateway.url, gzipSync('{"query":"{ __typename }"}'), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(unknown.status).toBe(415);
    expect(corrupt.status).toBe(400);
    expect(good.status).toBe(200);
    for (const answer of [unknown, corrupt]) {
      expect(answer.type).toMatch(/application\/json/);
      expect(answer.text).not.toMatch(/at .*node_modules/);
    }
    // The client's mistakes: warn, no stack.
    const refused = lines().filter((line) => line.msg === 'refused an unreadable HTTP request');
    expect(refused.map((line) => line.level)).toEqual([40, 40]);
    expect(refused.every((line) => line.err === undefined)).toBe(true);
  });

  it('logs a bad variable at warn without a stack', async () => {
    await postGraphQL(stack.gateway.url, 'query ($id: ID!) { recording(id: $id) { id } }', {
      id: null,
    });
    const logged = lines();
    expect(logged.some((line) => line.level >= 50)).toBe(false);
    expect(logged.some((line) => line.err?.stack !== undefined)).toBe(false);
  });

  it('closes a connection that drips its body slower than the request timeout', async () => {
    const socket = await openSocket(stack.gateway.url);
    const closed = closedAfter(socket);
    socket.write(
      'POST /graphql HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n' +
        'content-length: 100\r\n\r\n{',
    );
    const drip = setInterval(() => socket.write(' '), 300);
    try {
      // Request timeout 1 s, checked every second: closed within about 2 s, not Node's 300.
      expect(await closed).toBeLessThan(4000);
    } finally {
      clearInterval(drip);
    }
  });

  it('refuses connections beyond the connection cap', async () => {
    const held = await Promise.all(Array.from({ length: 20 }, () => openSocket(stack.gateway.url)));
    try {
      const extra = await openSocket(stack.gateway.url);
      expect(await closedAfter(extra)).toBeLessThan(2000);
    } finally {
      for (const socket of held) socket.destroy();
    }
  });
});
