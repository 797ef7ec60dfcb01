import { errorCodes, postGraphQL } from '../support/graphql-client';
import { startStack, type Stack } from '../support/start-stack';
import { callsByRoute } from '../support/upstream-calls';

interface Named {
  __typename: string;
  nodeId: string;
  id: string;
}

const NODE_FIELDS =
  '__typename nodeId ... on Recording { id } ... on Conference { id } ' +
  '... on CallLeg { id } ... on Participant { id } ... on RecordingTranscription { id }';

describe('Relay global object identification (Node, node, nodes)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GRAPHQL_MAX_ENTITIES: '30' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.simulator.clearRequests());

  /** One object of each Node type, as the graph lists them, with their node ids. */
  async function oneOfEach(): Promise<Named[]> {
    const conference = stack.simulator.dataset.participants[0]!.conference.id;
    const recording = stack.simulator.dataset.transcriptions[0]!.recording_id;
    const response = await postGraphQL<{
      recording: Named & { callLeg: Named | null; transcription: Named | null };
      conference: Named & { participants: { nodes: Named[] } };
    }>(
      stack.gateway.url,
      `query ($r: ID!, $c: ID!) {
        recording(id: $r) { __typename nodeId id callLeg { __typename nodeId id }
          transcription { __typename nodeId id } }
        conference(id: $c) { __typename nodeId id
          participants(first: 1) { nodes { __typename nodeId id } } }
      }`,
      { r: recording, c: conference },
    );
    expect(response.errors).toBeUndefined();
    const { recording: r, conference: c } = response.data!;
    const found = [r, r.callLeg, r.transcription, c, c.participants.nodes[0]];
    return found.map((item) => {
      const { __typename, nodeId, id } = item!;
      return { __typename, nodeId, id };
    });
  }

  it('gives each of the five types a stable nodeId that names the type and the id', async () => {
    const first = await oneOfEach();
    const again = await oneOfEach();
    expect(first.map((item) => item.__typename)).toEqual([
      'Recording',
      'CallLeg',
      'RecordingTranscription',
      'Conference',
      'Participant',
    ]);
    expect(again).toEqual(first);
    for (const item of first) {
      expect(item.nodeId).toMatch(/^[A-Za-z0-9_-]+$/);
      const named = Buffer.from(item.nodeId, 'base64url').toString('utf8');
      expect(named.startsWith(`${item.__typename}:`)).toBe(true);
      expect(named.endsWith(item.id)).toBe(true);
    }
  });

  it('refetches every type by node(nodeId)', async () => {
    for (const item of await oneOfEach()) {
      const response = await postGraphQL<{ node: Named | null }>(
        stack.gateway.url,
        `query ($id: ID!) { node(nodeId: $id) { ${NODE_FIELDS} } }`,
        { id: item.nodeId },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data?.node).toEqual(item);
    }
  });

  it('answers nodes in order through the loaders: one upstream call per distinct object, as _entities', async () => {
    const recordings = stack.simulator.dataset.recordings.slice(0, 5).map((r) => r.id);
    const nodeIds = [...recordings, recordings[0]!].map((id) =>
      Buffer.from(`Recording:${id}`).toString('base64url'),
    );
    const nodes = await postGraphQL<{ nodes: ({ id: string } | null)[] }>(
      stack.gateway.url,
      'query ($ids: [ID!]!) { nodes(nodeIds: $ids) { ... on Recording { id } } }',
      { ids: nodeIds },
    );
    const nodeCalls = callsByRoute(stack.simulator.requests);
    stack.simulator.clearRequests();
    const entities = await postGraphQL(
      stack.gateway.url,
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Recording { id } } }',
      { r: [...recordings, recordings[0]].map((id) => ({ __typename: 'Recording', id })) },
    );

    expect(nodes.errors).toBeUndefined();
    expect(nodes.data?.nodes).toEqual([...recordings, recordings[0]].map((id) => ({ id })));
    expect(entities.errors).toBeUndefined();
    expect(nodeCalls).toEqual({ 'GET /recordings/{id}': 5 });
    expect(callsByRoute(stack.simulator.requests)).toEqual(nodeCalls);
  });

  it('answers null for a well-formed node id the provider does not know', async () => {
    const response = await postGraphQL<{ node: unknown }>(
      stack.gateway.url,
      'query ($id: ID!) { node(nodeId: $id) { nodeId } }',
      { id: Buffer.from('Conference:no-such-conference').toString('base64url') },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ node: null });
  });

  it.each([
    ['a provider id', () => stack.simulator.dataset.recordings[0]!.id],
    ['another type', () => Buffer.from('Account:abc').toString('base64url')],
    ['no type', () => Buffer.from('abc').toString('base64url')],
    ['a bad provider id', () => Buffer.from('Recording:a b').toString('base64url')],
    ['padded base64', () => Buffer.from('Recording:abcd').toString('base64')],
    [
      'a participant without its conference',
      () => Buffer.from('Participant:p1').toString('base64url'),
    ],
  ])('refuses %s as a node id with BAD_USER_INPUT, before any upstream call', async (_, nodeId) => {
    const response = await postGraphQL<{ node: unknown }>(
      stack.gateway.url,
      'query ($id: ID!) { node(nodeId: $id) { nodeId } }',
      { id: nodeId() },
    );
    expect(response.data).toEqual({ node: null });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toContain('is not a node id of this graph');
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it('fails only the slot of a bad id in nodes; the others resolve', async () => {
    const id = stack.simulator.dataset.conferences[0]!.id;
    const response = await postGraphQL<{ nodes: ({ id: string } | null)[] }>(
      stack.gateway.url,
      'query ($ids: [ID!]!) { nodes(nodeIds: $ids) { ... on Conference { id } } }',
      { ids: [Buffer.from(`Conference:${id}`).toString('base64url'), id] },
    );
    expect(response.data?.nodes).toEqual([{ id }, null]);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.path).toEqual(['nodes', 1]);
  });

  it('bounds nodes like _entities (GRAPHQL_MAX_ENTITIES)', async () => {
    const ids = stack.simulator.dataset.recordings
      .slice(0, 31)
      .map((r) => Buffer.from(`Recording:${r.id}`).toString('base64url'));
    const response = await postGraphQL(
      stack.gateway.url,
      'query ($ids: [ID!]!) { nodes(nodeIds: $ids) { nodeId } }',
      { ids },
    );
    expect(response.status).toBe(400);
    expect(errorCodes(response)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(response.errors?.[0]?.message).toContain('at most 30 node ids');
    expect(stack.simulator.requests).toHaveLength(0);
  });
});
