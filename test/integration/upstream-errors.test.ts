import { RecordingByIdDocument, RecordingsWithConferencesDocument } from '../operations/generated';
import { errorCodes, execute } from '../support/graphql-client';
import { startStack, TEST_API_KEY, type Stack } from '../support/start-stack';

describe('upstream failures', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  afterEach(() => {
    stack.simulator.faults.length = 0;
  });

  /** The first conference linked from the first 20 recordings, and how many rows link it. */
  const firstPageConference = () => {
    const rows = stack.simulator.dataset.recordings.slice(0, 20);
    const id = rows.find((r) => r.conference_id !== null)?.conference_id ?? '';
    return { id, rows: rows.filter((r) => r.conference_id === id).length };
  };

  it.each([
    [503, 'UPSTREAM_ERROR'],
    [500, 'UPSTREAM_ERROR'],
    [429, 'UPSTREAM_ERROR'],
    [403, 'FORBIDDEN'],
    [401, 'UNAUTHENTICATED'],
    [422, 'BAD_USER_INPUT'],
  ])(
    'fails only the affected field when the upstream answers %i, with code %s',
    async (status, code) => {
      const conference = firstPageConference();
      stack.simulator.faults.push({
        route: 'GET /conferences/{id}',
        path: `/conferences/${conference.id}`,
        status,
      });

      const response = await execute(stack.gateway.url, RecordingsWithConferencesDocument, {
        first: 20,
      });

      const edges = response.data?.recordings.edges ?? [];
      expect(edges).toHaveLength(20);
      const failed = edges.filter((edge) => edge.node.conferenceId === conference.id);
      expect(failed.every((edge) => edge.node.conference === null)).toBe(true);
      const healthy = edges.filter((e) => e.node.conference !== null);
      expect(healthy.length).toBeGreaterThan(0);
      expect(response.errors).toHaveLength(conference.rows);
      expect(new Set(errorCodes(response))).toEqual(new Set([code]));
      for (const error of response.errors ?? []) {
        expect(error.path?.slice(0, 2)).toEqual(['recordings', 'edges']);
        expect(error.path?.at(-1)).toBe('conference');
        if (code === 'UPSTREAM_ERROR') expect(error.extensions?.['upstreamStatus']).toBe(status);
      }
      expect(response.text).not.toContain(TEST_API_KEY);
    },
  );

  it('reports a body that is not JSON as UPSTREAM_BAD_RESPONSE', async () => {
    const wire = stack.simulator.dataset.recordings[0];
    stack.simulator.faults.push({ route: 'GET /recordings/{id}', status: 200, garbage: true });

    const response = await execute(stack.gateway.url, RecordingByIdDocument, {
      id: wire?.id ?? '',
    });

    expect(response.data).toEqual({ recording: null });
    expect(errorCodes(response)).toEqual(['UPSTREAM_BAD_RESPONSE']);
  });

  it('reports a JSON body that breaks the contract as UPSTREAM_BAD_RESPONSE, naming the field but not its value', async () => {
    const wire = stack.simulator.dataset.recordings[0];
    if (!wire) throw new Error('empty seed');
    const original = wire.status;
    (wire as { status: string }).status = 'transcoding';
    try {
      const response = await execute(stack.gateway.url, RecordingByIdDocument, { id: wire.id });
      expect(errorCodes(response)).toEqual(['UPSTREAM_BAD_RESPONSE']);
      expect(response.errors?.[0]?.message).toContain('data.status');
      expect(response.text).not.toContain('transcoding');
    } finally {
      wire.status = original;
    }
  });

  it('reports an upstream slower than the timeout as UPSTREAM_TIMEOUT', async () => {
    const slow = await startStack({ simulator: { latencyMs: 400 }, upstreamTimeoutMs: 100 });
    try {
      const id = slow.simulator.dataset.recordings[0]?.id ?? '';
      const response = await execute(slow.gateway.url, RecordingByIdDocument, { id });
      expect(response.data).toEqual({ recording: null });
      expect(errorCodes(response)).toEqual(['UPSTREAM_TIMEOUT']);
    } finally {
      await slow.close();
    }
  });

  it('reports an unreachable upstream as UPSTREAM_UNAVAILABLE and keeps serving', async () => {
    const orphan = await startStack();
    await orphan.simulator.close();
    try {
      const first = await execute(orphan.gateway.url, RecordingByIdDocument, { id: 'x' });
      const second = await execute(orphan.gateway.url, RecordingByIdDocument, { id: 'y' });
      expect(errorCodes(first)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(errorCodes(second)).toEqual(['UPSTREAM_UNAVAILABLE']);
    } finally {
      await orphan.gateway.stop();
    }
  });
});
