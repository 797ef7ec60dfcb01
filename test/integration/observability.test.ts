import { RecordingsWithConferencesDocument } from '../operations/generated';
import { execute, postGraphQL } from '../support/graphql-client';
import { startStack, TEST_API_KEY, type Stack } from '../support/start-stack';

describe('health, metrics and request logs', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { CACHE_TTL_SECONDS: '60', METRICS_OPERATIONS: 'Broken' } });
  });
  afterAll(() => stack.close());

  const get = async (path: string) => {
    const response = await fetch(new URL(path, stack.gateway.url));
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      text: await response.text(),
    };
  };

  it('answers liveness and readiness with JSON', async () => {
    const live = await get('/health/live');
    const ready = await get('/health/ready');
    expect(live.status).toBe(200);
    expect(JSON.parse(live.text)).toEqual({ status: 'ok' });
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({
      status: 'ready',
      checks: { schema: 'ok', accepting: 'ok', upstream: 'ok', breaker: 'closed' },
    });
  });

  it('reports Prometheus metrics for operations, errors, upstream calls, batches and the cache', async () => {
    await execute(stack.gateway.url, RecordingsWithConferencesDocument, { first: 20 });
    await execute(stack.gateway.url, RecordingsWithConferencesDocument, { first: 20 });
    await postGraphQL(stack.gateway.url, 'query Broken { recordings(first: 999) { totalCount } }');

    const metrics = await get('/metrics');

    expect(metrics.status).toBe(200);
    expect(metrics.type).toMatch(/^text\/plain/);
    const text = metrics.text;
    expect(text).toMatch(
      /graphql_requests_total\{operation="RecordingsWithConferences",outcome="ok"\} 2/,
    );
    expect(text).toMatch(/graphql_requests_total\{operation="Broken",outcome="error"\} 1/);
    // Names nobody declared share one label, so clients cannot mint labels.
    await postGraphQL(stack.gateway.url, 'query Squat_1 { __typename }');
    expect((await get('/metrics')).text).toMatch(
      /graphql_requests_total\{operation="other",outcome="ok"\} 1/,
    );
    expect(text).toMatch(/graphql_errors_total\{code="BAD_USER_INPUT"\} 1/);
    expect(text).toMatch(
      /upstream_requests_total\{route="\/recordings",method="GET",status="200",outcome="ok"\} 1/,
    );
    expect(text).toMatch(
      /upstream_request_duration_seconds_bucket\{le="0\.1",route="\/conferences\/\{id\}",method="GET"\} \d+/,
    );
    expect(text).toMatch(/dataloader_batch_size_count\{loader="conferenceById"\} [1-9]/);
    expect(text).toMatch(/cache_requests_total\{kind="list",result="hit"\} 1/);
    expect(text).toMatch(/upstream_circuit_state 0/);
    expect(text).toContain('process_resident_memory_bytes');
    // Bounded labels: no ids, no keys.
    for (const recording of stack.simulator.dataset.recordings.slice(0, 20)) {
      expect(text).not.toContain(recording.id);
    }
    expect(text).not.toContain(TEST_API_KEY);
  });

  it('logs one JSON line per operation with its request id, name, duration and upstream calls', async () => {
    const requestId = 'trace-42.abc';
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({
        query: 'query OneRecording($id: ID!) { recording(id: $id) { id } }',
        variables: { id: 'unknown-id' },
      }),
    });
    await response.text();

    expect(response.headers.get('x-request-id')).toBe(requestId);
    const line = stack.logs
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((entry) => entry['requestId'] === requestId);
    expect(line).toMatchObject({
      msg: 'graphql request',
      operationName: 'OneRecording',
      upstreamCalls: 1,
      outcome: 'ok',
      durationMs: expect.any(Number),
    });
    expect(JSON.stringify(line)).not.toContain('unknown-id');
  });

  it('makes a request id when the caller sends none, or an unusable one', async () => {
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'has spaces and ${jndi}' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('readiness when the upstream is down', () => {
  it('answers 503 with the failing check', async () => {
    const stack = await startStack();
    await stack.simulator.close();
    try {
      const response = await fetch(new URL('/health/ready', stack.gateway.url));
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        status: 'not_ready',
        checks: { upstream: 'unreachable' },
      });
      const live = await fetch(new URL('/health/live', stack.gateway.url));
      expect(live.status).toBe(200);
    } finally {
      await stack.gateway.stop();
    }
  });
});
