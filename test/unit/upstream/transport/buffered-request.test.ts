import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { DeadlineSignal } from '../../../../src/upstream/scheduling/deadline';
import {
  bufferedRequest,
  type BufferedRequestOptions,
} from '../../../../src/upstream/transport/buffered-request';

// A real socket: the handler's contract is with undici's parser, which a fake would not exercise.
describe('bufferedRequest', () => {
  let server: Server;
  let pool: Pool;
  let held: ServerResponse[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/chunks') {
        response.writeHead(200, { 'x-ratelimit-remaining': '7', 'set-cookie': ['a=1', 'b=2'] });
        response.write('\ufeff{"data":');
        setTimeout(() => response.end('"é"}'), 5);
      } else if (request.url === '/echo') {
        let body = '';
        request.setEncoding('utf8');
        request.on('data', (chunk: string) => (body += chunk));
        request.on('end', () => response.writeHead(201).end(`${request.method} ${body}`));
      } else if (request.url === '/large') {
        response.writeHead(200).end('x'.repeat(2048));
      } else {
        held.push(response); // never answered: the caller's signal must end it
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    pool = new Pool(`http://127.0.0.1:${port}`, { connections: 4, maxResponseSize: 1024 });
  });

  afterEach(() => {
    for (const response of held) response.destroy();
    held = [];
  });

  afterAll(async () => {
    await pool.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const options = (path: string, signal = new DeadlineSignal()): BufferedRequestOptions => ({
    method: 'GET',
    path,
    headers: { accept: 'application/json' },
    signal,
    headersTimeout: 2000,
    bodyTimeout: 2000,
  });

  it('reads a body sent in pieces whole, as UTF-8 without its byte-order mark, with the headers', async () => {
    const signal = new DeadlineSignal();
    const answer = await bufferedRequest(pool, options('/chunks', signal));
    // A request's signal outlives its calls: a finished call no longer listens to it.
    expect(signal.listenerCount).toBe(0);
    expect(answer.statusCode).toBe(200);
    expect(answer.text).toBe('{"data":"é"}');
    expect(answer.headers['x-ratelimit-remaining']).toBe('7');
    expect(answer.headers['set-cookie']).toEqual(['a=1', 'b=2']);
  });

  it('sends a body, with or without a signal', async () => {
    const answer = await bufferedRequest(pool, {
      ...options('/echo'),
      method: 'POST',
      body: '{"ids":["a"]}',
    });
    expect(answer).toMatchObject({ statusCode: 201, text: 'POST {"ids":["a"]}' });
    const { signal: _unused, ...unsignalled } = options('/echo');
    await expect(bufferedRequest(pool, unsignalled)).resolves.toMatchObject({
      statusCode: 201,
      text: 'GET ',
    });
  });

  it('rejects with the signal’s reason when it aborts on the wire, and frees the socket', async () => {
    const signal = new DeadlineSignal();
    const pending = bufferedRequest(pool, options('/hang', signal));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(signal.listenerCount).toBe(1);
    const reason = new Error('deadline passed');
    signal.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await expect(bufferedRequest(pool, options('/echo'))).resolves.toMatchObject({
      statusCode: 201,
    });
  });

  it('rejects with undici’s abort error when the signal gives no reason, or was spent before', async () => {
    const signal = new DeadlineSignal();
    const pending = bufferedRequest(pool, options('/hang', signal));
    await new Promise((resolve) => setTimeout(resolve, 50));
    signal.abort();
    await expect(pending).rejects.toMatchObject({ code: 'UND_ERR_ABORTED' });

    const spent = new DeadlineSignal();
    spent.abort();
    await expect(bufferedRequest(pool, options('/echo', spent))).rejects.toMatchObject({
      code: 'UND_ERR_ABORTED',
    });
  });

  it('rejects with undici’s own errors: the size cap and the headers timeout', async () => {
    await expect(bufferedRequest(pool, options('/large'))).rejects.toMatchObject({
      code: 'UND_ERR_RES_EXCEEDED_MAX_SIZE',
    });
    await expect(
      bufferedRequest(pool, { ...options('/hang'), headersTimeout: 50 }),
    ).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
  });
});
