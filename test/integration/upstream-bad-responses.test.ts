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

  it('names the row and the broken field, never a value', async () => {
    const [bad] = ids();
    stack.simulator.faults.add({
      kind: 'invalid',
      route: 'GET /recordings/{id}',
      path: `/recordings/${bad}`,
    });

    const response = await readBoth();

    // The simulator's "invalid" fault drops the id: nothing identifies the row any more.
    expect(response.errors?.[0]?.message).toBe(
      'The recordings API sent an invalid response: a recording without an id: id is missing.',
    );
    expect(response.text).not.toContain('long');
  });

  it('fails only the broken row of a list, keeping its siblings and the list', async () => {
    stack.simulator.faults.add({ kind: 'invalid', route: 'GET /recordings' });
    const [, good] = ids();

    const response = await postGraphQL<{
      conference: { recordings: { nodes: unknown[] } } | null;
      good: { id: string } | null;
    }>(
      stack.gateway.url,
      `query ($good: ID!, $conference: ID!) {
        good: recording(id: $good) { id }
        conference(id: $conference) { id recordings(first: 5) { totalCount nodes { id } } }
      }`,
      { good, conference: stack.simulator.dataset.conferences[0]?.id },
    );

    expect(response.data?.good).toEqual({ id: good });
    const nodes = response.data?.conference?.recordings.nodes ?? [];
    expect(nodes[0]).toBeNull();
    expect(nodes.slice(1).every((node) => node !== null)).toBe(true);
    expect(errorCodes(response)).toEqual(['UPSTREAM_BAD_RESPONSE']);
    expect(response.errors?.[0]?.path).toEqual(['conference', 'recordings', 'nodes', 0]);
  });
});

describe('an upstream answer larger than UPSTREAM_MAX_RESPONSE_BYTES', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { UPSTREAM_MAX_RESPONSE_BYTES: '4096' } });
  });
  afterAll(() => stack.close());

  it('fails that field with UPSTREAM_BAD_RESPONSE and leaves the rest of the answer', async () => {
    const id = stack.simulator.dataset.recordings[0]?.id;
    const response = await postGraphQL<{
      recording: { id: string } | null;
      recordings: { nodes: { id: string }[] } | null;
    }>(
      stack.gateway.url,
      'query ($id: ID!) { recording(id: $id) { id } recordings(first: 50) { nodes { id } } }',
      { id },
    );

    expect(response.data?.recording).toEqual({ id });
    expect(response.data?.recordings).toBeNull();
    expect(errorCodes(response)).toEqual(['UPSTREAM_BAD_RESPONSE']);
    expect(response.errors?.[0]?.message).toContain('larger than 4096 bytes');
  });
});
