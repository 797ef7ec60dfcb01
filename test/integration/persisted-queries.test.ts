import { createHash } from 'node:crypto';
import { createClient } from '@redis/client';
import { describeWithRedis, startRedis, type RunningRedis } from '../support/redis-server';
import { startStack, TEST_API_KEY, type Stack } from '../support/start-stack';

const QUERY = '{ recordings(first: 2) { totalCount } }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Answer {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** One APQ step, as Apollo Client's persisted-query link sends it. */
async function apq(url: URL, query: string | undefined, authorization?: string): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(authorization ? { authorization } : {}),
    },
    body: JSON.stringify({
      ...(query === undefined ? {} : { query }),
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query ?? QUERY) } },
    }),
  });
  return (await response.json()) as Answer;
}

const code = (answer: Answer) => answer.errors?.[0]?.extensions?.code;
const bearer = `Bearer ${TEST_API_KEY}`;

describe('automatic persisted queries', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ serverKey: false });
  });
  afterAll(() => stack.close());

  it('registers a document for a caller that brings its credential', async () => {
    const query = '{ recordings(first: 3) { totalCount } }';
    expect(code(await apq(stack.gateway.url, undefined, bearer))).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await apq(stack.gateway.url, query, bearer);
    expect(registered.errors).toBeUndefined();
    const byHash = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: bearer },
      body: JSON.stringify({
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } },
      }),
    });
    expect(((await byHash.json()) as Answer).data).toEqual({ recordings: { totalCount: 300 } });
  });

  it('does not let an anonymous caller fill the store', async () => {
    const query = '{ recordings(first: 4) { totalCount } }';
    const anonymous = await apq(stack.gateway.url, query);
    expect(code(anonymous)).toBe('UNAUTHENTICATED');
    const later = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: bearer },
      body: JSON.stringify({
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } },
      }),
    });
    expect(code((await later.json()) as Answer)).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('runs an oversized document without keeping it', async () => {
    const query = `{ recordings(first: 5) { totalCount } } # ${'x'.repeat(40_000)}`;
    expect((await apq(stack.gateway.url, query, bearer)).errors).toBeUndefined();
    const byHash = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: bearer },
      body: JSON.stringify({
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } },
      }),
    });
    expect(code((await byHash.json()) as Answer)).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

const withRedis = describeWithRedis();

withRedis('automatic persisted queries in Redis', () => {
  let redis: RunningRedis;
  let stack: Stack;
  beforeAll(async () => {
    redis = await startRedis();
    stack = await startStack({ redisUrl: redis.url, env: { APQ_TTL_SECONDS: '3600' } });
  });
  afterAll(async () => {
    await stack.close();
    await redis.stop();
  });

  it('stores every entry with a TTL', async () => {
    for (let i = 0; i < 5; i += 1) {
      const query = `{ recordings(first: ${i + 1}) { totalCount } }`;
      expect((await apq(stack.gateway.url, query)).errors).toBeUndefined();
    }
    const client = createClient({ url: redis.url.href });
    await client.connect();
    try {
      const keys = await client.keys('*apq*');
      expect(keys).toHaveLength(5);
      for (const key of keys) {
        const ttl = await client.ttl(key);
        expect(ttl).toBeGreaterThan(3500);
        expect(ttl).toBeLessThanOrEqual(3600);
      }
    } finally {
      client.destroy();
    }
  });
});
