import { RecordingsPageDocument, type RecordingsPageQuery } from '../operations/generated';
import { errorCodes, execute, type GraphQLResponse } from '../support/graphql-client';
import { startStack, TEST_API_KEY, type Stack } from '../support/start-stack';

type Filter = Record<string, string>;

describe('the newer recording filters', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  /** What the provider (the simulator) itself lists for the same filter, newest first. */
  async function providerIds(params: Filter): Promise<string[]> {
    const url = new URL(`${stack.simulator.baseUrl.href}/recordings`);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    url.searchParams.set('page[size]', '250');
    const response = await fetch(url, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
    const body = (await response.json()) as { data: { id: string }[] };
    return body.data.map((row) => row.id);
  }

  /** The gateway's answer for a filter, read page by page with keyset cursors. */
  async function gatewayIds(filter: Filter, pageSize = 7, between?: () => void) {
    const ids: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page += 1) {
      const response: GraphQLResponse<RecordingsPageQuery> = await execute(
        stack.gateway.url,
        RecordingsPageDocument,
        {
          first: pageSize,
          after,
          filter,
        },
      );
      expect(response.errors).toBeUndefined();
      const connection = response.data!.recordings!;
      ids.push(...connection.edges.map((edge) => edge.node!.id));
      if (!connection.pageInfo.hasNextPage) return ids;
      after = connection.pageInfo.endCursor;
      between?.();
    }
    throw new Error('did not reach the end');
  }

  const sample = () => {
    const rows = stack.simulator.dataset.recordings;
    const call = rows.find((row) => row.sip_call_id !== undefined)!;
    const conference = stack.simulator.dataset.conferences.find((c) =>
      rows.some((row) => row.conference_id === c.id),
    )!;
    const middle = rows[Math.floor(rows.length / 2)]!;
    return { call, conference, middle };
  };

  it.each([
    ['sipCallId', 'filter[sip_call_id]', () => sample().call.sip_call_id!],
    ['conferenceRegion', 'filter[conference_region]', () => sample().conference.region],
    ['startedAfter', 'filter[start_time][gte]', () => sample().middle.recording_started_at],
    ['startedBefore', 'filter[start_time][lte]', () => sample().middle.recording_started_at],
    ['endedAfter', 'filter[end_time][gte]', () => sample().middle.recording_ended_at],
    ['endedBefore', 'filter[end_time][lte]', () => sample().middle.recording_ended_at],
  ])('%s returns exactly what the provider returns for %s', async (field, parameter, value) => {
    const expected = await providerIds({ [parameter]: value() });
    expect(expected.length).toBeGreaterThan(0);

    expect(await gatewayIds({ [field]: value() })).toEqual(expected);
  });

  it('combines them with the older filters as the provider does', async () => {
    const { conference, middle } = sample();
    const expected = await providerIds({
      'filter[conference_region]': conference.region,
      'filter[start_time][lte]': middle.recording_started_at,
      'filter[end_time][gte]': '2026-01-01T00:00:00Z',
      'filter[created_at][gte]': '2026-01-01T00:00:00Z',
    });
    expect(expected.length).toBeGreaterThan(0);

    const ids = await gatewayIds({
      conferenceRegion: conference.region,
      startedBefore: middle.recording_started_at,
      endedAfter: '2026-01-01T00:00:00Z',
      createdAfter: '2026-01-01T00:00:00Z',
    });

    expect(ids).toEqual(expected);
  });

  it('keeps keyset cursors stable under a time filter while recordings arrive', async () => {
    const filter = { startedAfter: sample().middle.recording_started_at };
    const before = await providerIds({ 'filter[start_time][gte]': filter.startedAfter });

    // A new matching recording lands at the head after every page: no row repeats or is skipped.
    const ids = await gatewayIds(filter, 9, () => {
      stack.simulator.addRecording();
    });

    expect(ids).toEqual(before);
  });

  it('reads sipCallId on the recording', async () => {
    const { call } = sample();
    const response = await execute(stack.gateway.url, RecordingsPageDocument, {
      first: 1,
      filter: { sipCallId: call.sip_call_id! },
    });
    expect(response.data?.recordings?.edges[0]?.node?.sipCallId).toBe(call.sip_call_id);
  });

  it.each(['started', 'ended'])(
    'refuses %s bounds the wrong way round without calling the provider',
    async (name) => {
      stack.simulator.clearRequests();
      const response = await execute(stack.gateway.url, RecordingsPageDocument, {
        first: 5,
        filter: {
          [`${name}After`]: '2026-06-02T00:00:00Z',
          [`${name}Before`]: '2026-06-01T00:00:00Z',
        },
      });
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.message).toContain(`filter.${name}After`);
      expect(stack.simulator.requests).toEqual([]);
    },
  );
});
