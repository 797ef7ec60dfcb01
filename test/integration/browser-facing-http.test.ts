import { createHash } from 'node:crypto';
import { request, type IncomingHttpHeaders } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/observability/logger';
import { startApp } from '../../src/start-app';
import { errorCodes, postGraphQL } from '../support/graphql-client';
import { startStack, type Stack } from '../support/start-stack';

const APP = 'https://app.example.test';
const PAGE =
  '{ recordings(first: 250) { nodes { id createdAt durationMillis status channels source conferenceId callLegId } } }';

/** The bytes as they crossed the wire (fetch would decode them). */
function rawPost(url: URL, query: string, encoding: string) {
  return new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-encoding': encoding },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolve({ headers: incoming.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(JSON.stringify({ query }));
  });
}

function preflight(url: URL, origin: string) {
  return fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,authorization',
    },
  });
}

describe('CORS', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { NODE_ENV: 'production', CORS_ORIGINS: APP } });
  });
  afterAll(() => stack.close());

  it('answers a preflight from an allowed origin, cacheably', async () => {
    const response = await preflight(stack.gateway.url, APP);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
    const allowed = response.headers.get('access-control-allow-headers') ?? '';
    for (const header of [
      'content-type',
      'authorization',
      'apollo-require-preflight',
      'x-apollo-operation-name',
      'x-request-id',
    ]) {
      expect(allowed).toContain(header);
    }
    expect(response.headers.get('access-control-max-age')).toBe('600');
  });

  it('gives a refused origin no Access-Control-Allow-Origin', async () => {
    const response = await preflight(stack.gateway.url, 'https://evil.example.test');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('exposes x-request-id on answers to an allowed origin', async () => {
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { origin: APP, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
    expect(response.headers.get('access-control-expose-headers')).toContain('x-request-id');
  });

  it('keeps health and metrics out of CORS', async () => {
    const response = await fetch(new URL('/health/live', stack.gateway.url), {
      headers: { origin: APP },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps CSRF prevention: a simple cross-site GET operation is refused', async () => {
    const url = new URL(stack.gateway.url);
    url.searchParams.set('query', '{ __typename }');
    const response = await fetch(url, { headers: { origin: APP } });
    expect(response.status).toBe(400);
  });
});

describe('CORS by upstream', () => {
  it('reflects any origin on the embedded simulator, for local dev servers and the hosted Sandbox', async () => {
    const logger = createLogger({ level: 'silent' });
    const app = await startApp(
      loadConfig({ PORT: '0', HOST: '127.0.0.1', SIMULATOR_NEW_RECORDING_EVERY_MS: '0' }),
      logger,
    );
    try {
      const response = await preflight(app.gateway.url, 'http://localhost:5173');
      expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    } finally {
      await app.stop();
    }
  });

  it('allows no origin with a real upstream unless listed, even when NODE_ENV is forgotten', async () => {
    const stack = await startStack();
    try {
      const response = await preflight(stack.gateway.url, 'https://evil.example');
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      // A cross-site page may still send a simple request; its browser is not let read the answer.
      const answer = await fetch(stack.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await stack.close();
    }
  });
});

describe('compression', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  const page = (encoding: string) =>
    fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': encoding },
      body: JSON.stringify({ query: PAGE }),
    });

  it('compresses a large answer with brotli, to a fraction of its size', async () => {
    const plain = Buffer.from(await (await page('identity')).arrayBuffer());
    const { headers, body } = await rawPost(stack.gateway.url, PAGE, 'br');
    expect(headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(body).equals(plain)).toBe(true);
    expect(body.byteLength).toBeLessThan(plain.byteLength / 4);
  });

  it('compresses an answer too large to compress on the event loop off it, alike', async () => {
    // Three aliased 250-row pages: about 180 KB, past the size compressed on the loop.
    const fields =
      'nodes { id createdAt durationMillis status channels source conferenceId callLegId }';
    const large = `{ a: recordings(first: 250) { ${fields} } b: recordings(first: 250) { ${fields} } c: recordings(first: 250) { ${fields} } }`;
    const plain = (await rawPost(stack.gateway.url, large, 'identity')).body;
    expect(plain.byteLength).toBeGreaterThan(128 * 1024);
    for (const [encoding, decompress] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      const { headers, body } = await rawPost(stack.gateway.url, large, encoding);
      expect(headers['content-encoding']).toBe(encoding);
      expect(decompress(body).equals(plain)).toBe(true);
    }
  });

  it('uses gzip for clients without brotli, and leaves small answers alone', async () => {
    expect((await page('gzip')).headers.get('content-encoding')).toBe('gzip');
    const small = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': 'br, gzip' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(small.headers.get('content-encoding')).toBeNull();
  });
});

describe('trusted documents', () => {
  const listed = 'query Listed { recordings(first: 2) { totalCount nodes { id } } }';
  const hash = createHash('sha256').update(listed).digest('hex');
  const apolloListed = 'query FromApolloManifest { recordings(first: 1) { totalCount } }';
  const apolloId = 'apollo-op-1';
  let codegen: Stack;
  let apollo: Stack;
  let development: Stack;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trusted-'));
    const codegenManifest = join(dir, 'persisted-documents.json');
    writeFileSync(codegenManifest, JSON.stringify({ [`sha256:${hash}`]: listed }));
    const apolloManifest = join(dir, 'apollo.json');
    writeFileSync(
      apolloManifest,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [
          { id: apolloId, name: 'FromApolloManifest', type: 'query', body: apolloListed },
        ],
      }),
    );
    codegen = await startStack({
      env: { NODE_ENV: 'production', TRUSTED_DOCUMENTS: codegenManifest },
    });
    apollo = await startStack({
      env: { NODE_ENV: 'production', TRUSTED_DOCUMENTS: apolloManifest },
    });
    development = await startStack({ env: { TRUSTED_DOCUMENTS: codegenManifest } });
  });
  afterAll(async () => {
    await codegen.close();
    await apollo.close();
    await development.close();
  });
  beforeEach(() => codegen.simulator.clearRequests());

  const send = async (stack: Stack, body: object) => {
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as {
        data?: unknown;
        errors?: { extensions: { code: string } }[];
      },
    };
  };

  it('runs a listed document by documentId, with or without the sha256: prefix', async () => {
    for (const documentId of [`sha256:${hash}`, hash]) {
      const answer = await send(codegen, { documentId });
      expect(answer.status).toBe(200);
      expect(answer.body.data).toMatchObject({ recordings: { totalCount: 300 } });
    }
  });

  it('runs a listed document by its APQ hash, and the listed text itself', async () => {
    const byHash = await send(codegen, {
      extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
    });
    expect(byHash.body.data).toMatchObject({ recordings: { totalCount: 300 } });
    const byText = await send(codegen, { query: listed });
    expect(byText.body.data).toMatchObject({ recordings: { totalCount: 300 } });
  });

  it('refuses an unknown id and any other document with 400, before any upstream call', async () => {
    const unknown = await send(codegen, { documentId: 'sha256:00ff' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.[0]?.extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    const freeForm = await send(codegen, { query: '{ recordings(first: 250) { totalCount } }' });
    expect(freeForm.status).toBe(400);
    expect(freeForm.body.errors?.[0]?.extensions.code).toBe('PERSISTED_QUERY_ID_REQUIRED');
    expect(codegen.simulator.requests).toHaveLength(0);
  });

  it('resolves GET requests by documentId too, and refuses free-form GETs', async () => {
    const url = new URL(codegen.gateway.url);
    url.searchParams.set('documentId', `sha256:${hash}`);
    const listedGet = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(listedGet.status).toBe(200);
    const freeForm = new URL(codegen.gateway.url);
    freeForm.searchParams.set('query', '{ __typename }');
    const refused = await fetch(freeForm, { headers: { 'apollo-require-preflight': 'true' } });
    expect(refused.status).toBe(400);
  });

  it("reads Apollo's persisted query manifest", async () => {
    const answer = await send(apollo, { documentId: apolloId });
    expect(answer.body.data).toEqual({ recordings: { totalCount: 300 } });
  });

  it('lets other documents through in development', async () => {
    const answer = await postGraphQL(
      development.gateway.url,
      '{ recordings(first: 1) { totalCount } }',
    );
    expect(errorCodes(answer)).toEqual([]);
  });
});
