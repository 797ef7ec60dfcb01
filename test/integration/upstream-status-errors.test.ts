import { RecordingsWithConferencesDocument } from '../operations/generated';
import { errorCodes, execute } from '../support/graphql-client';
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
    [429, 'UPSTREAM_ERROR', 3],
    [500, 'UPSTREAM_ERROR', 1],
    [403, 'FORBIDDEN', 1],
    [401, 'UNAUTHENTICATED', 1],
    [422, 'BAD_USER_INPUT', 1],
  ])(
    'answers HTTP %i with %s on the affected fields only, after %i upstream attempt(s)',
    async (status, code, attempts) => {
      const conference = firstPageConference();
      const path = `/conferences/${conference.id}`;
      stack.simulator.faults.add({ kind: 'status', route: 'GET /conferences/{id}', path, status });

      const response = await execute(stack.gateway.url, RecordingsWithConferencesDocument, {
        first: 20,
      });

      const edges = response.data?.recordings.edges ?? [];
      expect(edges).toHaveLength(20);
      const failed = edges.filter((edge) => edge.node.conferenceId === conference.id);
      expect(failed.every((edge) => edge.node.conference === null)).toBe(true);
      expect(edges.filter((e) => e.node.conference !== null).length).toBeGreaterThan(0);
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
});
