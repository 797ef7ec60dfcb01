import { errorCodes, postGraphQL } from '../support/graphql-client';
import { startStack, type Stack } from '../support/start-stack';

interface TwoRecordings {
  bad: { id: string; status: string } | null;
  good: { id: string; status: string } | null;
}

describe('invalid upstream responses', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  afterEach(() => stack.simulator.faults.clear());

  const [badWire, goodWire] = [0, 1];
  const ids = () =>
    [badWire, goodWire].map((i) => stack.simulator.dataset.recordings[i]?.id ?? '') as [
      string,
      string,
    ];

  /** Reads a faulted recording next to a healthy one, in one request. */
  const readBoth = () => {
    const [bad, good] = ids();
    return postGraphQL<TwoRecordings>(
      stack.gateway.url,
      'query ($bad: ID!, $good: ID!) { bad: recording(id: $bad) { id status } good: recording(id: $good) { id status } }',
      { bad, good },
    );
  };

  it.each([
    ['a body that is not JSON', 'garbage' as const],
    ['a truncated body', 'truncate' as const],
    ['JSON that breaks the contract', 'invalid' as const],
  ])('answers %s with UPSTREAM_BAD_RESPONSE on that field alone', async (_what, kind) => {
    const [bad, good] = ids();
    stack.simulator.faults.add({ kind, route: 'GET /recordings/{id}', path: `/recordings/${bad}` });

    const response = await readBoth();

    expect(response.data).toEqual({ bad: null, good: { id: good, status: 'COMPLETED' } });
    expect(errorCodes(response)).toEqual(['UPSTREAM_BAD_RESPONSE']);
    expect(response.errors?.[0]?.path).toEqual(['bad']);
  });

  it('names the broken field, never its value', async () => {
    const [bad] = ids();
    stack.simulator.faults.add({
      kind: 'invalid',
      route: 'GET /recordings/{id}',
      path: `/recordings/${bad}`,
    });

    const response = await readBoth();

    expect(response.errors?.[0]?.message).toMatch(/data\.(id|duration_millis)/);
    expect(response.text).not.toContain('long');
  });

  it('refuses an enum value the provider added after us rather than guessing', async () => {
    const wire = stack.simulator.dataset.recordings[badWire];
    if (!wire) throw new Error('empty seed');
    (wire as { status: string }).status = 'transcoding';
    try {
      const response = await readBoth();
      expect(response.data?.bad).toBeNull();
      expect(response.data?.good?.status).toBe('COMPLETED');
      expect(errorCodes(response)).toEqual(['UPSTREAM_BAD_RESPONSE']);
      expect(response.errors?.[0]?.message).toContain('data.status');
      expect(response.text).not.toContain('transcoding');
    } finally {
      wire.status = 'completed';
    }
  });

  it('fails a list whose rows break the contract as a whole, keeping sibling fields', async () => {
    stack.simulator.faults.add({ kind: 'invalid', route: 'GET /recordings' });
    const [, good] = ids();

    const response = await postGraphQL<{ conference: unknown; good: { id: string } | null }>(
      stack.gateway.url,
      `query ($good: ID!, $conference: ID!) {
        good: recording(id: $good) { id }
        conference(id: $conference) { id recordings(first: 5) { totalCount } }
      }`,
      { good, conference: stack.simulator.dataset.conferences[0]?.id },
    );

    expect(response.data).toEqual({ good: { id: good }, conference: null });
    expect(errorCodes(response)).toEqual(['UPSTREAM_BAD_RESPONSE']);
    expect(response.errors?.[0]?.path).toEqual(['conference', 'recordings']);
  });
});
