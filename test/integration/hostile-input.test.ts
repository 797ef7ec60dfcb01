import { errorCodes, postGraphQL } from '../support/graphql-client';
import { startStack, type Stack } from '../support/start-stack';

async function postRaw(url: URL, body: string, contentType = 'application/json') {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

describe('hostile and bad client input', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.simulator.clearRequests());

  afterEach(async () => {
    // Whatever was thrown at it, the gateway keeps answering.
    const health = await postGraphQL(stack.gateway.url, '{ recordings(first: 1) { totalCount } }');
    expect(health.data).toEqual({ recordings: { totalCount: 300 } });
  });

  it('refuses an operation nested deeper than the limit, before any upstream call', async () => {
    // recording > (callLeg > recordings > nodes) x 5 > id: 17 levels, over the limit of 12.
    let selection = 'id';
    for (let level = 0; level < 5; level += 1) {
      selection = `callLeg { recordings(first: 1) { nodes { ${selection} } } }`;
    }
    const deep = `{ recording(id: "a") { ${selection} } }`;
    const response = await postGraphQL(stack.gateway.url, deep);
    expect(errorCodes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(response.errors?.[0]?.message).toMatch(/depth/i);
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it('refuses more aliases than the limit', async () => {
    const aliases = Array.from({ length: 51 }, (_, i) => `a${i}: recording(id: "r${i}") { id }`);
    const response = await postGraphQL(stack.gateway.url, `{ ${aliases.join(' ')} }`);
    expect(errorCodes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(response.errors?.[0]?.message).toMatch(/alias/i);
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it('prices nested lists by `first` and refuses what costs too much, with HTTP 400', async () => {
    const nested = (first: number) =>
      `{ recordings(first: ${first}) { nodes { callLeg { recordings(first: ${first}) { nodes { id conference { name } } } } } } }`;

    const expensive = await postGraphQL(stack.gateway.url, nested(200));
    expect(expensive.status).toBe(400);
    expect(expensive.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      maxCost: 5000,
    });
    expect(Number(expensive.errors?.[0]?.extensions?.['cost'])).toBeGreaterThan(5000);
    expect(stack.simulator.requests).toHaveLength(0);

    const affordable = await postGraphQL(stack.gateway.url, nested(10));
    expect(affordable.errors).toBeUndefined();
  });

  it('prices `first` given through variables', async () => {
    const query =
      'query ($n: Int) { recordings(first: $n) { nodes { callLeg { recordings(first: $n) { totalCount } } } } }';
    const affordable = await postGraphQL(stack.gateway.url, query, { n: 20 });
    const expensive = await postGraphQL(stack.gateway.url, query, { n: 250 });
    const defaulted = await postGraphQL(stack.gateway.url, query, {});
    expect(affordable.errors).toBeUndefined();
    expect(errorCodes(expensive)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(defaulted.errors).toBeUndefined();
  });

  it('still checks variables the price does not read once the operation is priced', async () => {
    const query = 'query ($id: ID!) { recording(id: $id) { id } }';
    const priced = await postGraphQL(stack.gateway.url, query, { id: 'missing-recording' });
    expect(priced).toMatchObject({ status: 200, data: { recording: null } });
    expect(priced.errors).toBeUndefined();
    const nullId = await postGraphQL(stack.gateway.url, query, { id: null });
    expect(nullId.status).toBe(400);
    expect(errorCodes(nullId)).toEqual(['BAD_USER_INPUT']);
    const badId = await postGraphQL(stack.gateway.url, query, { id: 'has space' });
    expect(badId.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'id',
    });
  });

  it.each([
    ['recording(id: "../../conferences")', 'id'],
    ['conference(id: "")', 'id'],
    ['callLeg(id: "has space") { id }', 'id'],
    ['recordings(filter: { conferenceId: "a/b" }) { totalCount }', 'filter.conferenceId'],
    [
      'recordings(filter: { createdAfter: "2026-02-01T00:00:00Z", createdBefore: "2026-01-01T00:00:00Z" }) { totalCount }',
      'filter.createdAfter',
    ],
  ])(
    'answers %s with BAD_USER_INPUT naming %s, without an upstream call',
    async (field, argumentName) => {
      const selection = field.includes('{ ') ? field : `${field} { id }`;
      const response = await postGraphQL(stack.gateway.url, `{ ${selection} }`);
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        argumentName,
      });
      expect(stack.simulator.requests).toHaveLength(0);
    },
  );

  it('refuses a body over the size limit with 413 and a JSON error', async () => {
    const query = `{ recordings(first: 1) { totalCount } } # ${'x'.repeat(200_000)}`;
    const response = await postRaw(stack.gateway.url, JSON.stringify({ query }));
    expect(response.status).toBe(413);
    expect(response.type).toMatch(/application\/json/);
    expect(JSON.parse(response.text)).toEqual({
      errors: [{ message: 'The request body is too large.', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('refuses a body that is not JSON with 400 and no stack trace', async () => {
    const response = await postRaw(stack.gateway.url, '{"query": ');
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toMatchObject({
      errors: [{ extensions: { code: 'BAD_REQUEST' } }],
    });
    expect(response.text).not.toMatch(/at .*node_modules/);
  });

  it('answers batched operations up to the limit, and refuses larger batches', async () => {
    const operation = { query: '{ recordings(first: 1) { totalCount } }' };
    const small = await postRaw(stack.gateway.url, JSON.stringify([operation, operation]));
    const large = await postRaw(stack.gateway.url, JSON.stringify(Array(11).fill(operation)));

    expect(small.status).toBe(200);
    expect(JSON.parse(small.text)).toEqual([
      { data: { recordings: { totalCount: 300 } } },
      { data: { recordings: { totalCount: 300 } } },
    ]);
    expect(large.status).toBe(400);
    expect(large.text).toContain('at most 10 operations');
  });
});
