import { postGraphQL } from '../support/graphql-client';
import { startGatewayOn, type GatewayUnderTest } from './support/gateway-on';
import { exampleOf, responseSchema } from './support/provider-contract';
import { startSpecAnswerServer, type SpecAnswerServer } from './support/spec-answer-server';
import { loadTestOperations } from './support/test-operations';

// The gateway against answers built only from the provider's own examples: every operation we
// ship (test/operations) must resolve without a single error.
describe('the gateway on answers made of the spec examples', () => {
  let upstream: SpecAnswerServer;
  let under: GatewayUnderTest;
  beforeAll(async () => {
    upstream = await startSpecAnswerServer((operation) => {
      const schema = responseSchema(operation, 200);
      return { status: 200, body: schema ? exampleOf(schema) : {} };
    });
    under = await startGatewayOn(upstream.baseUrl);
  });
  afterAll(async () => {
    await under.close();
    await upstream.close();
  });

  it.each(loadTestOperations().map((op) => [op.name, op] as const))(
    '%s answers with no error',
    async (_name, operation) => {
      upstream.requests.length = 0;
      const response = await postGraphQL(under.gateway.url, operation.query, operation.variables);

      expect(response.errors ?? []).toEqual([]);
      expect(response.data).not.toBeNull();
      expect(upstream.requests.length).toBeGreaterThan(0);
      expect(upstream.requests.filter((r) => r.operation === null)).toEqual([]);
      expect(upstream.nonConforming).toEqual([]);
    },
  );
});
