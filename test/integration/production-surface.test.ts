import { postGraphQL } from '../support/graphql-client';
import { startStack, type Stack } from '../support/start-stack';

const ROUTER_SECRET = 'router-secret-3f9a1c';

describe('what production shows only to the router', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: { NODE_ENV: 'production', ROUTER_SECRET, METRICS_PORT: '0' },
    });
  });
  afterAll(() => stack.close());

  it('refuses `_service { sdl }` to clients while introspection is off', async () => {
    const response = await postGraphQL(stack.gateway.url, '{ _service { sdl } }');
    expect(response.status).toBe(403);
    expect(response.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(response.text).not.toContain('type Recording');
  });

  it('refuses `_service` hidden in a fragment too', async () => {
    const response = await postGraphQL(
      stack.gateway.url,
      'query { ...F } fragment F on Query { _service { sdl } }',
    );
    expect(response.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('serves `_service` to a router that presents the shared secret', async () => {
    const response = await postGraphQL<{ _service: { sdl: string } }>(
      stack.gateway.url,
      '{ _service { sdl } }',
      {},
      { headers: { 'x-router-secret': ROUTER_SECRET } },
    );
    expect(response.data?._service.sdl).toContain('type Recording');
    const wrong = await postGraphQL(
      stack.gateway.url,
      '{ _service { sdl } }',
      {},
      { headers: { 'x-router-secret': 'guess' } },
    );
    expect(wrong.status).toBe(403);
  });

  it('adds federated traces (ftv1) only for the router', async () => {
    const asks = { 'apollo-federation-include-trace': 'ftv1' };
    const client = await postGraphQL(
      stack.gateway.url,
      '{ recordings(first: 1) { totalCount } }',
      {},
      { headers: asks },
    );
    const router = await postGraphQL(
      stack.gateway.url,
      '{ recordings(first: 1) { totalCount } }',
      {},
      { headers: { ...asks, 'x-router-secret': ROUTER_SECRET } },
    );
    expect(client.text).not.toContain('ftv1');
    expect(router.text).toContain('"ftv1"');
  });

  it.each([
    ['a misspelt field', '{ recordingz(id: "x") { id } }'],
    ['a field of a union member', '{ _entities(representations: []) { id } }'],
  ])('names no schema detail in the error for %s', async (_, query) => {
    const response = await postGraphQL(stack.gateway.url, query);
    expect(response.status).toBe(400);
    const message = response.errors?.[0]?.message ?? '';
    expect(message).not.toMatch(/did you mean/i);
    expect(message).not.toMatch(/Recording|Conference|CallLeg/);
  });

  it('serves metrics on their own port, not on the public one', async () => {
    const publicMetrics = await fetch(new URL('/metrics', stack.gateway.url));
    expect(publicMetrics.status).toBe(404);
    const metricsUrl = stack.gateway.metricsUrl;
    expect(metricsUrl).not.toBeNull();
    const internal = await fetch(metricsUrl ?? '');
    expect(internal.status).toBe(200);
    expect(await internal.text()).toContain('graphql_requests_total');
  });
});

describe('introspection switched on in production', () => {
  it('serves `_service` and traces to anyone, as introspection', async () => {
    const stack = await startStack({
      env: { NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' },
    });
    try {
      const response = await postGraphQL(stack.gateway.url, '{ _service { sdl } }');
      expect(response.status).toBe(200);
    } finally {
      await stack.close();
    }
  });
});
