import {
  ConferenceParticipantsDocument,
  ConferencesDocument,
  type ConferencesQuery,
} from '../operations/generated';
import { errorCodes, execute, type GraphQLResponse } from '../support/graphql-client';
import { startStack, type Stack } from '../support/start-stack';
import { callsByRoute } from '../support/upstream-calls';

describe('conferences', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.simulator.clearRequests());

  const conferenceIds = () =>
    stack.simulator.dataset.conferences.map((conference) => conference.id);

  it('lists conferences in the provider order, filtered by status and name', async () => {
    const all = await execute(stack.gateway.url, ConferencesDocument, { first: 250 });
    expect(all.errors).toBeUndefined();
    expect(all.data?.conferences.nodes.map((node) => node?.id)).toEqual(conferenceIds());
    expect(all.data?.conferences.totalCount).toBe(conferenceIds().length);

    const ended = await execute(stack.gateway.url, ConferencesDocument, {
      first: 250,
      filter: { status: 'COMPLETED' },
    });
    const expected = stack.simulator.dataset.conferences.filter((c) => c.status === 'completed');
    expect(expected.length).toBeGreaterThan(0);
    expect(ended.data?.conferences.nodes.map((node) => node?.id)).toEqual(
      expected.map((c) => c.id),
    );

    const named = stack.simulator.dataset.conferences[3];
    const byName = await execute(stack.gateway.url, ConferencesDocument, {
      filter: { name: named?.name },
    });
    expect(byName.data?.conferences.nodes.map((node) => node?.name)).toContain(named?.name);
  });

  it('pages conferences by position both ways, with exact page info', async () => {
    const ids = conferenceIds();
    const forward: string[] = [];
    let after: string | null = null;
    for (;;) {
      const response: GraphQLResponse<ConferencesQuery> = await execute(
        stack.gateway.url,
        ConferencesDocument,
        { first: 4, after },
      );
      const connection = response.data?.conferences;
      if (!connection) throw new Error(JSON.stringify(response.errors));
      forward.push(...connection.nodes.map((node) => node?.id ?? ''));
      expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor ?? null;
    }
    expect(forward).toEqual(ids);
    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const response: GraphQLResponse<ConferencesQuery> = await execute(
        stack.gateway.url,
        ConferencesDocument,
        { last: 4, before },
      );
      const connection = response.data?.conferences;
      if (!connection) throw new Error(JSON.stringify(response.errors));
      backward.unshift(...connection.nodes.map((node) => node?.id ?? ''));
      expect(connection.pageInfo.hasNextPage).toBe(before !== null);
      if (!connection.pageInfo.hasPreviousPage) break;
      before = connection.pageInfo.startCursor ?? null;
    }
    expect(backward).toEqual(ids);
  });

  it('refuses UNKNOWN as a status to filter on, and first with last', async () => {
    const unknown = await execute(stack.gateway.url, ConferencesDocument, {
      filter: { status: 'UNKNOWN' },
    });
    expect(errorCodes(unknown)).toEqual(['BAD_USER_INPUT']);
    const both = await execute(stack.gateway.url, ConferencesDocument, { first: 2, last: 2 });
    expect(errorCodes(both)).toEqual(['BAD_USER_INPUT']);
    expect(stack.simulator.requests).toHaveLength(0);
  });
});

describe('participants', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.simulator.clearRequests());

  /** The conference with the most participants, for filters that need some of each. */
  const busiest = () => {
    const counts = new Map<string, number>();
    for (const participant of stack.simulator.dataset.participants) {
      counts.set(participant.conference.id, (counts.get(participant.conference.id) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  };

  it('lists a conference participants with every field; conference { id name } costs no conference call', async () => {
    const id = busiest();
    const response = await execute(stack.gateway.url, ConferenceParticipantsDocument, { id });
    expect(response.errors).toBeUndefined();
    const wire = stack.simulator.dataset.participants.filter((p) => p.conference.id === id);
    const nodes = response.data?.conference?.participants.nodes ?? [];
    expect(nodes).toHaveLength(wire.length);
    nodes.forEach((node, index) => {
      const row = wire[index];
      expect(node).toEqual({
        id: row?.id,
        callLegId: row?.call_leg_id,
        callControlId: row?.call_control_id,
        status: row?.status.toUpperCase(),
        muted: row?.muted,
        onHold: row?.on_hold,
        endConferenceOnExit: row?.end_conference_on_exit,
        softEndConferenceOnExit: row?.soft_end_conference_on_exit,
        whisperCallControlIds: row?.whisper_call_control_ids,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        conference: row?.conference,
        callLeg: { id: row?.call_leg_id },
      });
    });
    // The conference itself, and its participants: no conference read per participant.
    expect(callsByRoute(stack.simulator.requests)).toEqual({
      'GET /conferences/{id}': 1,
      'GET /conferences/{id}/participants': 1,
    });
  });

  it('filters participants by muted, onHold and whispering upstream', async () => {
    const id = busiest();
    const rows = stack.simulator.dataset.participants.filter((p) => p.conference.id === id);
    for (const [filter, matches] of [
      [{ muted: true }, (p: (typeof rows)[number]) => p.muted],
      [{ muted: false, onHold: false }, (p: (typeof rows)[number]) => !p.muted && !p.on_hold],
      [
        { whispering: false },
        (p: (typeof rows)[number]) => p.whisper_call_control_ids.length === 0,
      ],
    ] as const) {
      const response = await execute(stack.gateway.url, ConferenceParticipantsDocument, {
        id,
        filter,
      });
      expect(response.errors).toBeUndefined();
      expect(response.data?.conference?.participants.nodes.map((node) => node?.id)).toEqual(
        rows.filter(matches).map((p) => p.id),
      );
    }
  });

  it('pages participants backward with last', async () => {
    const id = busiest();
    const rows = stack.simulator.dataset.participants.filter((p) => p.conference.id === id);
    const response = await execute(stack.gateway.url, ConferenceParticipantsDocument, {
      id,
      last: 2,
    });
    const connection = response.data?.conference?.participants;
    expect(connection?.nodes.map((node) => node?.id)).toEqual(rows.slice(-2).map((p) => p.id));
    expect(connection?.pageInfo).toMatchObject({
      hasPreviousPage: rows.length > 2,
      hasNextPage: false,
    });
  });
});
