import { RecordingsWithConferencesDocument } from '../operations/generated';
import { errorCodes, execute, postGraphQL } from '../support/graphql-client';
import { startStack, TEST_API_KEY, type Stack } from '../support/start-stack';

describe('upstream error statuses', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { UPSTREAM_RETRIES: '2' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => {
    stack.simulator.faults.clear();
    stack.simulator.clearRequests();
  });

  /** The first conference linked from the first 20 recordings, and how many rows link it. */
  const firstPageConference = () => {
    const rows = stack.simulator.dataset.recordings.slice(0, 20);
    const id = rows.find((r) => r.conference_id !== null)?.conference_id ?? '';
    return { id, rows: rows.filter((r) => r.conference_id === id).length };
  };

  it.each([
    [503, 'UPSTREAM_ERROR', 3],
    [502, 'UPSTREAM_ERROR', 3],
    [504, 'UPSTREAM_ERROR', 3],
    // The key's window is spent: the pacer waits it out before each retry.
    [429, 'UPSTREAM_RATE_LIMITED', 3],

    [500, 'UPSTREAM_ERROR', 1],
    // The gateway's own key refused for one resource: a server fault, not the user's.
    [403, 'UPSTREAM_AUTH_FAILED', 1],
    // A 422 that names no parameter the user gave: not the user's fault either.
    [422, 'UPSTREAM_ERROR', 1],
  ])(
    'answers HTTP %i with %s on the affected fields only, after %i upstream attempt(s)',
    async (status, code, attempts) => {
      const conference = firstPageConference();
      const path = `/conferences/${conference.id}`;
      stack.simulator.faults.add({ kind: 'status', route: 'GET /conferences/{id}', path, status });

      const response = await execute(stack.gateway.url, RecordingsWithConferencesDocument, {
        first: 20,
      });

      const edges = response.data?.recordings?.edges ?? [];
      expect(edges).toHaveLength(20);
      const failed = edges.filter((edge) => edge.node?.conferenceId === conference.id);
      expect(failed.every((edge) => edge.node?.conference === null)).toBe(true);
      expect(edges.filter((e) => e.node?.conference !== null).length).toBeGreaterThan(0);
      expect(response.errors).toHaveLength(conference.rows);
      expect(new Set(errorCodes(response))).toEqual(new Set([code]));
      for (const error of response.errors ?? []) {
        expect(error.path?.at(-1)).toBe('conference');
        if (code === 'UPSTREAM_ERROR') expect(error.extensions?.['upstreamStatus']).toBe(status);
      }
      const tries = stack.simulator.requests.filter((r) => r.path === `/v2${path}`);
      expect(tries).toHaveLength(attempts);
      expect(response.text).not.toContain(TEST_API_KEY);
    },
  );

  it('answers a 401 to the server key with UPSTREAM_AUTH_FAILED, and calls no more for the request', async () => {
    const conference = firstPageConference();
    stack.simulator.faults.add({
      kind: 'status',
      status: 401,
      route: 'GET /conferences/{id}',
      path: `/conferences/${conference.id}`,
    });
    const response = await execute(stack.gateway.url, RecordingsWithConferencesDocument, {
      first: 20,
    });
    expect(response.data?.recordings?.edges).toHaveLength(20);
    expect(new Set(errorCodes(response))).toEqual(new Set(['UPSTREAM_AUTH_FAILED']));
    expect(response.errors?.length).toBeGreaterThanOrEqual(conference.rows);
    expect(response.text).not.toContain(TEST_API_KEY);
  });

  it('names the argument behind a parameter the provider refused', async () => {
    stack.simulator.faults.add({
      kind: 'status',
      status: 422,
      route: 'GET /recordings',
      parameter: 'filter[conference_id]',
    });
    const response = await postGraphQL(
      stack.gateway.url,
      '{ recordings(filter: { conferenceId: "c1" }) { totalCount } }',
    );
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'filter.conferenceId',
    });
  });

  it('does not blame the user for a parameter the gateway built (page[size])', async () => {
    stack.simulator.faults.add({
      kind: 'status',
      status: 422,
      route: 'GET /recordings',
      parameter: 'page[size]',
    });
    const response = await postGraphQL(stack.gateway.url, '{ recordings { totalCount } }');
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_ERROR',
      upstreamStatus: 422,
    });
  });

  it('reads 410 Gone like 404: null, no error', async () => {
    const id = stack.simulator.dataset.recordings[0]?.id ?? '';
    stack.simulator.faults.add({ kind: 'status', status: 410, path: `/recordings/${id}` });
    const response = await postGraphQL(stack.gateway.url, `{ recording(id: "${id}") { id } }`);
    expect(response.data).toEqual({ recording: null });
    expect(response.errors).toBeUndefined();
  });

  it('honours Retry-After as an HTTP date', async () => {
    const id = stack.simulator.dataset.recordings[1]?.id ?? '';
    stack.simulator.faults.add({
      kind: 'status',
      status: 429,
      path: `/recordings/${id}`,
      retryAfterSeconds: 120,
      retryAfterDate: true,
    });
    const response = await postGraphQL(stack.gateway.url, `{ recording(id: "${id}") { id } }`);
    const seconds = Number(response.errors?.[0]?.extensions?.['retryAfterSeconds']);
    expect(seconds).toBeGreaterThan(110);
    expect(seconds).toBeLessThanOrEqual(121);
  });
});

describe('upstream error statuses for forwarded client keys', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ serverKey: false });
  });
  afterAll(() => stack.close());
  afterEach(() => stack.simulator.faults.clear());

  it.each([
    [401, 'UNAUTHENTICATED'],
    [403, 'FORBIDDEN'],
  ])('answers HTTP %i to the client’s own key with %s', async (status, code) => {
    const id = stack.simulator.dataset.recordings[2]?.id ?? '';
    stack.simulator.faults.add({ kind: 'status', status, path: `/recordings/${id}` });
    const response = await postGraphQL(
      stack.gateway.url,
      `{ recording(id: "${id}") { id } }`,
      {},
      { headers: { authorization: `Bearer ${TEST_API_KEY}` } },
    );
    expect(errorCodes(response)).toEqual([code]);
  });
});
