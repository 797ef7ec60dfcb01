import {
  RecordingsWithConferenceIdsDocument,
  RecordingsWithConferencesDocument,
  RecordingsWithLinksDocument,
} from '../operations/generated';
import { execute } from '../support/graphql-client';
import { startStack, type Stack } from '../support/start-stack';
import { callsByRoute } from '../support/upstream-calls';

describe('upstream calls per query', () => {
  let stack: Stack;
  beforeAll(async () => {
    // 250 rows with two links each may need 501 upstream calls at worst: above the default cap.
    stack = await startStack({ env: { GRAPHQL_MAX_UPSTREAM_CALLS: '600' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.simulator.clearRequests());

  const distinct = (ids: readonly (string | null | undefined)[]): Set<string> =>
    new Set(ids.filter((id): id is string => typeof id === 'string'));

  it('answers 50 recordings with conference names with one list call plus one per distinct conference', async () => {
    const response = await execute(stack.gateway.url, RecordingsWithConferencesDocument, {
      first: 50,
    });

    expect(response.errors).toBeUndefined();
    const nodes = response.data?.recordings?.edges.map((edge) => edge.node) ?? [];
    expect(nodes).toHaveLength(50);
    const conferenceIds = distinct(nodes.map((node) => node?.conference?.id));
    const conferenceRows = nodes.filter((node) => node?.conference !== null).length;
    // The seed makes this meaningful: many rows share few conferences.
    expect(conferenceRows).toBeGreaterThan(conferenceIds.size);
    expect(callsByRoute(stack.simulator.requests)).toEqual({
      'GET /recordings': 1,
      'GET /conferences/{id}': conferenceIds.size,
    });
    const fetched = stack.simulator.requests
      .filter((request) => request.route === 'GET /conferences/{id}')
      .map((request) => request.path);
    expect(new Set(fetched)).toEqual(
      new Set([...conferenceIds].map((id) => `/v2/conferences/${id}`)),
    );
    for (const node of nodes) {
      const expected = stack.simulator.dataset.conferences.find(
        (c) => c.id === node?.conference?.id,
      );
      if (node?.conference) expect(node.conference.name).toBe(expected?.name);
    }
  });

  it('answers links that select only ids from the rows, with a single list call', async () => {
    const response = await execute(stack.gateway.url, RecordingsWithConferenceIdsDocument, {
      first: 50,
    });

    expect(response.errors).toBeUndefined();
    const nodes = response.data?.recordings?.nodes ?? [];
    expect(nodes.filter((node) => node?.conference !== null).length).toBeGreaterThan(10);
    for (const node of nodes) expect(node?.conference?.id ?? null).toBe(node?.conferenceId);
    expect(callsByRoute(stack.simulator.requests)).toEqual({ 'GET /recordings': 1 });
  });

  it('answers 250 recordings with conference and call-leg links with one call per distinct key', async () => {
    const response = await execute(stack.gateway.url, RecordingsWithLinksDocument, { first: 250 });

    expect(response.errors).toBeUndefined();
    const nodes = response.data?.recordings?.nodes ?? [];
    expect(nodes).toHaveLength(250);
    const conferenceIds = distinct(nodes.map((node) => node?.conference?.id));
    const callLegIds = distinct(nodes.map((node) => node?.callLeg?.id));
    const listCalls = stack.simulator.requests.filter((r) => r.route === 'GET /recordings');
    // One call for the page, then one filtered list per distinct call leg.
    expect(listCalls).toHaveLength(1 + callLegIds.size);
    const perLeg = listCalls.filter((r) => r.query['filter[call_leg_id]'] !== undefined);
    expect(perLeg).toHaveLength(callLegIds.size);
    // Only `totalCount` is asked of each leg's recordings: one row tells it, no window is read.
    expect(new Set(perLeg.map((r) => r.query['page[size]']))).toEqual(new Set(['1']));

    expect(callsByRoute(stack.simulator.requests)['GET /conferences/{id}']).toBe(
      conferenceIds.size,
    );
    const counts = new Map<string, number>();
    for (const recording of stack.simulator.dataset.recordings) {
      if (recording.call_leg_id) {
        counts.set(recording.call_leg_id, (counts.get(recording.call_leg_id) ?? 0) + 1);
      }
    }
    for (const node of nodes) {
      if (node?.callLeg) {
        expect(node.callLeg.recordings?.totalCount).toBe(counts.get(node.callLeg.id));
      }
    }
  });
});
