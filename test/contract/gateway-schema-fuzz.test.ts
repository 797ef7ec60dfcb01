import { postGraphQL } from '../support/graphql-client';
import { startGatewayOn, type GatewayUnderTest } from './support/gateway-on';
import { exampleOf, responseSchema, type Schema } from './support/provider-contract';
import { schemaValidValue, seedOf, seededRandom } from './support/schema-valid-answers';
import { startSpecAnswerServer, type SpecAnswerServer } from './support/spec-answer-server';
import { loadTestOperations } from './support/test-operations';

// Seeded schema-valid answers (every property optional, integers unbounded, strings anything):
// the provider may send any of them, so none may become INTERNAL_SERVER_ERROR. Our own generator
// over the fixture rather than Prism: deterministic by seed, in-process (no mock server to spawn
// per case), and every answer it makes is checked by ajv before it is served.
const SEEDS = 20;
const operations = loadTestOperations();
const cases = operations.flatMap((operation) =>
  Array.from({ length: SEEDS }, (_, seed) => ({ operation, seed })),
);

/** Codes an upstream answer may legitimately turn into; anything else is a finding. */
const UPSTREAM_CODES = new Set(['UPSTREAM_BAD_RESPONSE', 'NOT_FOUND']);

describe('the gateway on seeded schema-valid answers', () => {
  let upstream: SpecAnswerServer;
  let under: GatewayUnderTest;
  let seed = 0;
  /** An answer per case overriding the generator (a crafted list). */
  let crafted: ((operation: string) => unknown) | null = null;
  beforeAll(async () => {
    upstream = await startSpecAnswerServer((operation, request) => {
      const schema = responseSchema(operation, 200) ?? {};
      if (crafted) return { status: 200, body: crafted(operation) };
      // The answer depends on the case and the request only, never on timing.
      const random = seededRandom(seedOf(`${seed}|${operation}|${request.path}${request.query}`));
      return { status: 200, body: schemaValidValue(schema, random) };
    });
    under = await startGatewayOn(upstream.baseUrl);
  });
  afterAll(async () => {
    await under.close();
    await upstream.close();
  });

  it(`answers ${cases.length} seeded cases with coded errors only, never INTERNAL_SERVER_ERROR`, async () => {
    const findings: string[] = [];
    for (const { operation, seed: caseSeed } of cases) {
      seed = caseSeed;
      const response = await postGraphQL(under.gateway.url, operation.query, operation.variables);
      const where = `${operation.name} seed ${caseSeed}`;
      if (response.status !== 200) findings.push(`${where}: HTTP ${response.status}`);
      for (const error of response.errors ?? []) {
        const code = error.extensions?.['code'];
        if (typeof code !== 'string' || !UPSTREAM_CODES.has(code)) {
          findings.push(`${where}: ${String(code)} ${error.message}`);
        } else if (code === 'UPSTREAM_BAD_RESPONSE' && !error.path?.length) {
          findings.push(`${where}: UPSTREAM_BAD_RESPONSE without a field path`);
        }
      }
      // No data at all only when a non-null root field failed, and said so.
      const rootFailed = (response.errors ?? []).some((error) => error.path?.length === 1);
      if (response.data == null && !rootFailed) findings.push(`${where}: no data`);
    }

    expect(findings).toEqual([]);
    expect(upstream.nonConforming).toEqual([]);
    // The process lived through all of them and still serves.
    const alive = await postGraphQL(under.gateway.url, '{ __typename }');
    expect(alive.data).toEqual({ __typename: 'Query' });
  }, 120_000);

  it('resolves the good rows of a list beside a row the spec allows but we cannot use', async () => {
    const item = (operation: string) => {
      const list = responseSchema(operation, 200)?.['properties'] as Record<string, Schema>;
      return exampleOf(list['data']?.['items'] as Schema) as Record<string, unknown>;
    };
    crafted = (operation) => ({
      // An empty object is a valid recording: every property is optional.
      data: [{ ...item(operation), id: 'good-1' }, {}, { ...item(operation), id: 'good-2' }],
      meta: { page_number: 1, page_size: 20, total_pages: 1, total_results: 3 },
    });
    try {
      const response = await postGraphQL<{
        recordings: { edges: ({ node: { id: string } | null } | null)[] };
      }>(under.gateway.url, '{ recordings(first: 3) { edges { node { id } } } }');

      expect(response.data?.recordings.edges.map((edge) => edge?.node?.id ?? null)).toEqual([
        'good-1',
        null,
        'good-2',
      ]);
      expect(response.errors?.map((e) => [e.extensions?.['code'], e.path])).toEqual([
        ['UPSTREAM_BAD_RESPONSE', ['recordings', 'edges', 1, 'node']],
      ]);
    } finally {
      crafted = null;
    }
  });
});
