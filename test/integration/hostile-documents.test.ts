import { errorCodes, postGraphQL } from '../support/graphql-client';
import { startStack, TEST_API_KEY, type Stack } from '../support/start-stack';

/** `fragment G1 on T { ...G0 ...G0 }` up to `G<levels>`: valid GraphQL, 2^levels spreads deep. */
function doublingChain(levels: number, typeName: string, leaf: string): string {
  const fragments = [`fragment G0 on ${typeName} { ${leaf} }`];
  for (let level = 1; level <= levels; level += 1) {
    fragments.push(`fragment G${level} on ${typeName} { ...G${level - 1} ...G${level - 1} }`);
  }
  return fragments.join('\n');
}

async function postRaw(url: URL, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** Measures a request while polling liveness: the event loop must keep answering. */
async function whileLive<T>(url: URL, work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const state = { done: false };
  const live = (async () => {
    let answered = 0;
    while (!state.done) {
      const response = await fetch(new URL('/health/live', url));
      if (response.status === 200) answered += 1;
    }
    return answered;
  })();
  const result = await work();
  const ms = performance.now() - started;
  state.done = true;
  expect(await live).toBeGreaterThan(0);
  return { result, ms };
}

describe('hostile documents are refused or answered in time linear in their size', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { NODE_ENV: 'production', LOG_LEVEL: 'debug' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => {
    stack.simulator.clearRequests();
    stack.logs.length = 0;
  });

  // Without visited-fragment tracking each of these took 2^40 steps: days of a frozen process.
  it.each([
    ['the conference prefetch walk', 'Conference', 'id name', 'conference(id: "x") { ...G40 }'],
    [
      'the only-id link check',
      'Conference',
      'id',
      'recordings(first: 1) { nodes { conference { ...G40 } } }',
    ],
    ['the cost analysis', 'Query', '__typename', '...G40'],
  ])('answers a 40-level doubling fragment chain through %s in milliseconds', async (...args) => {
    const [, typeName, leaf, root] = args;
    const document = `query { ${root} }\n${doublingChain(40, typeName, leaf)}`;
    expect(document.length).toBeLessThan(3000);
    const { result, ms } = await whileLive(stack.gateway.url, () =>
      postGraphQL(stack.gateway.url, document),
    );
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    // Generous: the exponential walk would take days; the linear one takes a few ms.
    expect(ms).toBeLessThan(1000);
  });

  it('refuses a null passed into a non-null argument through a defaulted variable, before any upstream call', async () => {
    const expensive =
      'recordings(first: 250) { nodes { callLeg { recordings(first: 250) { nodes { id } } } } }';
    const response = await postGraphQL(
      stack.gateway.url,
      `query Q($n: ID = "x") { probe: recording(id: $n) { id } ${expensive} }`,
      { n: null },
    );
    expect(response.status).toBe(400);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.data).toBeUndefined();
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it('prices a fragment chain by what it expands to, and refuses it in milliseconds', async () => {
    const leaf = '__typename recordings(first: 250) { nodes { id } }';
    const document = `query { ...G12 }\n${doublingChain(12, 'Query', leaf)}`;
    const { result, ms } = await whileLive(stack.gateway.url, () =>
      postGraphQL(stack.gateway.url, document),
    );
    expect(result.status).toBe(400);
    expect(errorCodes(result)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(Number(result.errors?.[0]?.extensions?.['cost'])).toBeGreaterThan(1_000_000);
    expect(ms).toBeLessThan(1000);
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it('refuses `_entities` with 2,300 representations before any upstream call', async () => {
    const representations = Array.from({ length: 2300 }, (_, i) => ({
      __typename: 'Recording',
      id: `r${i}`,
    }));
    const response = await postGraphQL(
      stack.gateway.url,
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Recording { id } } }',
      { r: representations },
    );
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      maxEntities: 250,
    });
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it.each([
    ['an id that is a list', { __typename: 'Recording', id: ['a', 'b'] }],
    ['no __typename', { id: 'abc' }],
    ['a type this subgraph does not own', { __typename: 'Query', id: 'abc' }],
    ['not an object', 'Recording:abc'],
  ])(
    'refuses a representation with %s as BAD_USER_INPUT, logged at warn',
    async (_, representation) => {
      const response = await postGraphQL(
        stack.gateway.url,
        'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Recording { id } } }',
        { r: [representation] },
      );
      expect(response.status).toBe(400);
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        argumentName: 'representations',
      });
      expect(stack.simulator.requests).toHaveLength(0);
      const levels = stack.logs.map((line) => (JSON.parse(line) as { level: number }).level);
      expect(levels.filter((level) => level >= 50)).toEqual([]);
    },
  );

  it('prices a batch as a whole: ten operations of 50 by-id reads do not make 500 upstream calls', async () => {
    const ids = stack.simulator.dataset.recordings.map((recording) => recording.id);
    const operation = (batch: number) => ({
      query: `{ ${Array.from(
        { length: 50 },
        (_, i) => `a${i}: recording(id: "${ids[batch * 50 + i] ?? 'x'}") { id }`,
      ).join(' ')} }`,
    });
    const response = await postRaw(
      stack.gateway.url,
      Array.from({ length: 10 }, (_, batch) => operation(batch)),
    );
    const answers = response.body as {
      data?: unknown;
      errors?: { extensions: { code: string } }[];
    }[];
    const refused = answers.filter(
      (answer) => answer.errors?.[0]?.extensions.code === 'QUERY_TOO_COMPLEX',
    );
    const served = answers.filter((answer) => answer.data !== undefined && !answer.errors);
    expect(refused.length + served.length).toBe(10);
    // 300 upstream calls a request at most: six operations of 50 fit, four do not.
    expect(served).toHaveLength(6);
    expect(stack.simulator.requests.length).toBeLessThanOrEqual(300);
  });

  it('counts an alias named `__typename` like any other alias', async () => {
    const aliases = Array.from({ length: 50 }, (_, i) => `a${i}: callLeg(id: "l${i}") { id }`);
    const response = await postGraphQL(
      stack.gateway.url,
      `{ __typename: callLeg(id: "x") { id } ${aliases.join(' ')} }`,
    );
    expect(errorCodes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(response.errors?.[0]?.message).toMatch(/alias/i);
  });

  it('refuses a cursor that carries an absurd offset', async () => {
    const after = Buffer.from(`o1:${2 ** 53 - 2}`).toString('base64url');
    const response = await postGraphQL(
      stack.gateway.url,
      'query ($after: String) { recordings(first: 1, after: $after) { totalCount } }',
      { after },
    );
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'after',
    });
    expect(stack.simulator.requests).toHaveLength(0);
  });
});

describe('a refused credential and a spent client share stop upstream calls', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      serverKey: false,
      env: { CLIENT_RATE_LIMIT_PER_MINUTE: '30', LOG_LEVEL: 'debug' },
    });
  });
  afterAll(() => stack.close());
  beforeEach(() => {
    stack.simulator.clearRequests();
    stack.logs.length = 0;
  });

  it('stops calling the upstream for a request after the first 401 for its credential', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: recording(id: "r${i}") { id }`);
    const response = await postGraphQL(
      stack.gateway.url,
      `{ ${aliases.join(' ')} }`,
      {},
      { headers: { authorization: 'Bearer revoked-key-1' } },
    );
    expect(new Set(errorCodes(response))).toEqual(new Set(['UNAUTHENTICATED']));
    expect(response.errors).toHaveLength(40);
    // The per-request concurrency cap lets a few start before the first 401 comes back.
    expect(stack.simulator.requests.length).toBeLessThanOrEqual(8);
    const warnings = stack.logs.filter(
      (line) => (JSON.parse(line) as { level: number }).level >= 40,
    );
    expect(warnings.length).toBeLessThanOrEqual(1);
  });

  it('refuses a client that spent its share with 429 RATE_LIMITED, and only that client', async () => {
    const ids = stack.simulator.dataset.recordings.map((recording) => recording.id);
    const read = (key: string, from: number) =>
      postGraphQL(
        stack.gateway.url,
        `{ ${Array.from({ length: 10 }, (_, i) => `a${i}: recording(id: "${ids[from + i] ?? 'x'}") { id }`).join(' ')} }`,
        {},
        { headers: { authorization: `Bearer ${key}` } },
      );
    for (let round = 0; round < 3; round += 1) {
      expect((await read(TEST_API_KEY, round * 10)).errors).toBeUndefined();
    }
    stack.simulator.clearRequests();

    const refused = await read(TEST_API_KEY, 30);
    expect(refused.status).toBe(429);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(refused.errors?.[0]?.extensions?.['retryAfterSeconds'])).toBeGreaterThan(0);
    expect(stack.simulator.requests).toHaveLength(0);

    // Another client's share is its own (here: a key the upstream refuses, which still counts).
    const other = await read('another-client-key', 0);
    expect(other.status).toBe(200);
    expect(errorCodes(other)).toContain('UNAUTHENTICATED');
  });
});
