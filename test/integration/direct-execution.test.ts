import { sampleMetric } from '../support/metric-sample';
import { startStack, type Stack } from '../support/start-stack';

interface Exchange {
  readonly name: string;
  readonly body: Record<string, unknown>;
  readonly headers?: Readonly<Record<string, string>>;
}

interface Answer {
  readonly status: number;
  /** Every header but those that differ between any two answers (date, request id). */
  readonly headers: Record<string, string>;
  readonly text: string;
}

const VOLATILE_HEADERS = new Set(['date', 'x-request-id']);

async function post(url: URL, exchange: Exchange): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...exchange.headers },
    body: JSON.stringify(exchange.body),
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!VOLATILE_HEADERS.has(name)) headers[name] = value;
  });
  return { status: response.status, headers, text: await response.text() };
}

const directCount = (stack: Stack, outcome: 'answered' | 'apollo'): Promise<number> =>
  sampleMetric(stack.gateway, `graphql_direct_executions_total{outcome="${outcome}"}`);

const BY_ID =
  'query One($id: ID!) { recording(id: $id) { id status channels durationMillis createdAt conference { id name } } }';
/** Every field of a recording and of its page, under aliases, with the links a client follows. */
const EVERY_RECORDING_FIELD = `query Every($n: Int) {
  page: recordings(first: $n) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { __typename nodeId id } }
    nodes {
      nodeId id recordType createdAt updatedAt recordingStartedAt recordingEndedAt durationMillis
      status channels source conferenceId callLegId callSessionId downloadUrls { mp3 wav }
      from to callControlId connectionId initiatedBy sipCallId
      conference { nodeId id name status region createdAt updatedAt expiresAt endReason }
      transcription { id text status durationMillis createdAt updatedAt recording { id } }
      callLeg { id leg: recordings(first: 2) { totalCount nodes { id } } }
    }
  }
  last: recordings(last: 2) { nodes { id } pageInfo { hasPreviousPage startCursor } }
}`;
const CONFERENCES_WITH_PARTICIPANTS = `{
  conferences(first: 3) {
    totalCount
    nodes {
      id name status
      participants(first: 3) {
        nodes {
          nodeId id callLegId callControlId status muted onHold endConferenceOnExit
          softEndConferenceOnExit whisperCallControlIds createdAt updatedAt
          conference { id } callLeg { id }
        }
      }
      recordings(first: 2) { totalCount nodes { id durationMillis } }
    }
  }
}`;
const NODE_BY_ID =
  'query ($id: ID!) { node(id: $id) { __typename nodeId ... on Recording { id status } ... on Conference { id name } } }';
const TWO_OPERATIONS =
  'query Count { recordings(first: 1) { totalCount } } query Conferences { conferences(first: 2) { nodes { id name } } }';

describe('direct execution of known documents', () => {
  let direct: Stack;
  let apolloOnly: Stack;
  let recordingId: string;
  let nodeId: string;
  beforeAll(async () => {
    direct = await startStack();
    apolloOnly = await startStack({
      sharedSimulator: direct.simulator,
      env: { GRAPHQL_DIRECT_EXECUTION: 'false' },
    });
    const first = await post(direct.gateway.url, {
      name: 'an id',
      body: { query: '{ recordings(first: 1) { nodes { id nodeId } } }' },
    });
    const row = (
      JSON.parse(first.text) as {
        data: { recordings: { nodes: { id: string; nodeId: string }[] } };
      }
    ).data.recordings.nodes[0]!;
    recordingId = row.id;
    nodeId = row.nodeId;
  });
  afterAll(async () => {
    await apolloOnly.close();
    await direct.close();
  });

  const exchanges = (): Exchange[] => [
    {
      name: 'a page',
      body: { query: '{ recordings(first: 3) { nodes { id status createdAt } } }' },
    },
    { name: 'by id with a link', body: { query: BY_ID, variables: { id: recordingId } } },
    { name: 'by id, not found', body: { query: BY_ID, variables: { id: 'no-such-recording' } } },
    { name: 'by id, null variable', body: { query: BY_ID, variables: { id: null } } },
    { name: 'by id, bad id', body: { query: BY_ID, variables: { id: 'has space' } } },
    { name: 'by id, no variables', body: { query: BY_ID } },
    {
      name: 'named operation',
      body: { query: TWO_OPERATIONS, operationName: 'Conferences', variables: null },
    },
    { name: 'no operation name', body: { query: TWO_OPERATIONS } },
    { name: 'unknown operation name', body: { query: TWO_OPERATIONS, operationName: 'Nope' } },
    {
      name: 'fragments and directives',
      body: {
        query:
          'query ($show: Boolean!) { recordings(first: 2) { nodes { ...Row } } } fragment Row on Recording { id conference @include(if: $show) { id } status @skip(if: $show) }',
        variables: { show: true },
      },
    },
    {
      name: 'a fragment spread twice, once skipped',
      body: {
        query:
          'query ($x: Boolean!) { recordings(first: 1) { nodes { ...F @skip(if: $x) ...F } } } fragment F on Recording { id status }',
        variables: { x: true },
      },
    },
    {
      name: 'a link asked for twice, once excluded',
      body: {
        query:
          'query ($x: Boolean!, $id: ID!) { recording(id: $id) { conference @include(if: $x) { name } conference { id } } }',
        variables: { x: false, id: recordingId },
      },
    },
    {
      name: 'string literals',
      body: {
        query: `{ recording(id: "${recordingId}") { id } c: conference(id: "not (an) id") { id } }`,
      },
    },
    {
      name: 'an alias named __proto__',
      body: { query: '{ recordings(first: 1) { __proto__: totalCount nodes { id } } }' },
    },
    {
      name: 'a representation with a name for a value',
      body: {
        query: `{ _entities(representations: [{ __typename: Recording, id: notAnId, x: someName }]) { __typename } }`,
      },
    },
    {
      name: 'within the price',
      body: {
        query:
          'query ($n: Int) { recordings(first: $n) { nodes { callLeg { recordings(first: $n) { totalCount } } } } }',
        variables: { n: 2 },
      },
    },
    {
      name: 'over the price',
      body: {
        query:
          'query ($n: Int) { recordings(first: $n) { nodes { callLeg { recordings(first: $n) { totalCount } } } } }',
        variables: { n: 250 },
      },
    },
    { name: 'typename', body: { query: '{ __typename }' } },
    {
      name: 'every recording field, aliases, edges and cursors',
      body: { query: EVERY_RECORDING_FIELD, variables: { n: 4 } },
    },
    {
      name: 'conferences with participants and their links',
      body: { query: CONFERENCES_WITH_PARTICIPANTS },
    },
    { name: 'a node by its nodeId', body: { query: NODE_BY_ID, variables: { id: nodeId } } },
    {
      name: 'entities for a router',
      body: {
        query:
          'query ($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Recording { id status createdAt conference { name } } } }',
        variables: {
          r: [
            { __typename: 'Recording', id: recordingId },
            { __typename: 'Recording', id: 'no-such-recording' },
          ],
        },
      },
    },
    {
      name: 'defaults and a custom scalar variable',
      body: {
        query:
          'query ($n: Int = 2, $after: DateTime) { recordings(first: $n, filter: { createdAfter: $after }) { totalCount nodes { id createdAt } } }',
        variables: { after: '2020-01-01T00:00:00.000Z' },
      },
    },
    {
      name: 'a list variable given as one value',
      body: {
        query:
          'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Recording { id } } }',
        variables: { r: { __typename: 'Recording', id: recordingId } },
      },
    },
    {
      name: 'Accept: application/json',
      body: { query: '{ __typename }' },
      headers: { accept: 'application/json' },
    },
    { name: 'Accept: */*', body: { query: '{ __typename }' }, headers: { accept: '*/*' } },
    ...[
      'application/graphql-response+json',
      'application/graphql-response+json,application/json;q=0.9',
      'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed',
      'text/html',
    ].map((accept) => ({
      name: `Accept: ${accept}`,
      body: { query: BY_ID, variables: { id: recordingId } },
      headers: { accept },
    })),
    { name: 'empty extensions', body: { query: '{ __typename }', extensions: {} } },
    {
      name: 'a mutation',
      body: { query: 'mutation { deleteRecording(id: "no-such-recording") { id } }' },
    },
  ];

  it('answers every request byte for byte as Apollo does, twice over', async () => {
    const compareAll = async () => {
      for (const exchange of exchanges()) {
        const expected = await post(apolloOnly.gateway.url, exchange);
        const actual = await post(direct.gateway.url, exchange);
        expect({ name: exchange.name, ...actual }).toEqual({ name: exchange.name, ...expected });
      }
    };
    // The first round teaches the direct gateway its documents; the second runs them directly.
    await compareAll();
    const answered = await directCount(direct, 'answered');
    const handedBack = await directCount(direct, 'apollo');
    await compareAll();
    // Directly: the page, by id (found and not), the named operation, fragments, within the
    // price, `__typename` four ways, by id for three more `Accept` values, the five that walk
    // the schema, and four with skips, `__proto__` and names in literals. Handed back to Apollo: a
    // null or bad id, a missing variable, over the price, a literal that is no id. Apollo's
    // alone: no or an unknown operation name, `Accept: text/html`, the mutation.
    expect((await directCount(direct, 'answered')) - answered).toBe(22);
    expect((await directCount(direct, 'apollo')) - handedBack).toBe(5);
    expect(await directCount(apolloOnly, 'answered')).toBe(0);
  });

  it('keeps the log line and metrics of each operation', async () => {
    direct.logs.length = 0;
    const body = { query: BY_ID, variables: { id: recordingId }, operationName: 'One' };
    await post(direct.gateway.url, { name: 'learn', body });
    await post(direct.gateway.url, { name: 'direct', body });
    const lines = direct.logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line['msg'] === 'graphql request');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toMatchObject({ operationName: 'One', outcome: 'ok', upstreamCalls: 2 });
    }
  });

  it('never keeps a document that asks for `_service`', async () => {
    const exchange = { name: 'sdl', body: { query: '{ _service { sdl } }' } };
    const before = await directCount(direct, 'answered');
    await post(direct.gateway.url, exchange);
    const again = await post(direct.gateway.url, exchange);
    expect(again.status).toBe(200);
    expect(await directCount(direct, 'answered')).toBe(before);
  });
});
