import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  callLegsFromDataset,
  startCallsService,
  type RunningCallsService,
} from '../support/calls-service';
import { postGraphQL } from '../support/graphql-client';
import { composeSupergraph, startRouter, type RunningRouter } from '../support/start-supergraph';
import { startStack, type Stack } from '../support/start-stack';
import { callsByRoute } from '../support/upstream-calls';

interface CallLegView {
  id: string;
  direction: string;
  from: string;
  recordings: { totalCount: number; nodes: { id: string; callLegId: string | null }[] };
}

describe('federation', () => {
  let stack: Stack;
  let calls: RunningCallsService;
  let router: RunningRouter;
  let hints: readonly string[];

  beforeAll(async () => {
    // The test compares _entities with the same 100 reads written as aliases.
    stack = await startStack({ env: { GRAPHQL_MAX_ALIASES: '100' } });
    calls = await startCallsService(callLegsFromDataset(stack.simulator.dataset));
    const composition = composeSupergraph({ recordings: stack.gateway.url, calls: calls.url });
    hints = composition.hints;
    router = await startRouter(composition.supergraphSdl);
  });
  afterAll(async () => {
    await router.stop();
    await calls.stop();
    await stack.close();
  });
  beforeEach(() => stack.simulator.clearRequests());

  it('serves the committed schema.graphql as its subgraph SDL', async () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'schema.graphql'), 'utf8');
    const response = await postGraphQL<{ _service: { sdl: string } }>(
      stack.gateway.url,
      '{ _service { sdl } }',
    );
    expect(committed.endsWith(`${response.data?._service.sdl ?? 'missing'}\n`)).toBe(true);
  });

  it('composes with a calls service that extends CallLeg, without errors or hints', () => {
    expect(hints).toEqual([]);
  });

  it('follows recordings to call-leg details owned by the calls service', async () => {
    const response = await postGraphQL<{
      recordings: {
        nodes: { id: string; callLeg: { id: string; direction: string; to: string } | null }[];
      };
    }>(router.url, '{ recordings(first: 50) { nodes { id callLeg { id direction to } } } }');

    expect(response.errors).toBeUndefined();
    const legs = new Map(callLegsFromDataset(stack.simulator.dataset).map((leg) => [leg.id, leg]));
    const nodes = response.data?.recordings.nodes ?? [];
    const linked = nodes.filter((node) => node.callLeg !== null);
    expect(linked.length).toBeGreaterThan(10);
    for (const node of linked) {
      const leg = legs.get(node.callLeg?.id ?? '');
      expect(node.callLeg).toEqual({ id: leg?.id, direction: leg?.direction, to: leg?.to });
    }
    // The leg ids come from the recording rows: the only upstream call is the page itself.
    expect(callsByRoute(stack.simulator.requests)).toEqual({ 'GET /recordings': 1 });
  });

  it('follows call legs from the calls service to their recordings here', async () => {
    const response = await postGraphQL<{ callLegs: CallLegView[] }>(
      router.url,
      '{ callLegs(first: 10) { id direction from recordings(first: 5) { totalCount nodes { id callLegId } } } }',
    );

    expect(response.errors).toBeUndefined();
    const legs = response.data?.callLegs ?? [];
    expect(legs).toHaveLength(10);
    for (const leg of legs) {
      const expected = stack.simulator.dataset.recordings.filter((r) => r.call_leg_id === leg.id);
      expect(leg.recordings.totalCount).toBe(expected.length);
      expect(leg.recordings.nodes).toEqual(
        expected.slice(0, 5).map((r) => ({ id: r.id, callLegId: leg.id })),
      );
    }
    // One filtered list call per leg: the CallLeg references themselves cost nothing.
    expect(callsByRoute(stack.simulator.requests)).toEqual({ 'GET /recordings': 10 });
  });

  it('resolves 100 Recording representations with one upstream call per distinct id, like the same query by id', async () => {
    const ids = stack.simulator.dataset.recordings.slice(0, 60).map((r) => r.id);
    const representations = Array.from({ length: 100 }, (_, i) => ({
      __typename: 'Recording',
      id: ids[i % ids.length],
    }));

    const entities = await postGraphQL<{ _entities: ({ id: string } | null)[] }>(
      stack.gateway.url,
      'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Recording { id durationMillis } } }',
      { representations },
    );
    const entityCalls = callsByRoute(stack.simulator.requests);

    stack.simulator.clearRequests();
    const aliases = representations.map((r, i) => `r${i}: recording(id: "${r.id ?? ''}") { id }`);
    await postGraphQL(stack.gateway.url, `{ ${aliases.join(' ')} }`);
    const queryCalls = callsByRoute(stack.simulator.requests);

    expect(entities.errors).toBeUndefined();
    expect(entities.data?._entities.map((e) => e?.id)).toEqual(representations.map((r) => r.id));
    expect(entityCalls).toEqual({ 'GET /recordings/{id}': 60 });
    expect(entityCalls).toEqual(queryCalls);
  });

  it('resolves Conference and CallLeg representations, nulls for unknown ids', async () => {
    const conference = stack.simulator.dataset.conferences[0];
    const response = await postGraphQL<{ _entities: unknown[] }>(
      stack.gateway.url,
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Conference { id name } ... on CallLeg { id } } }',
      {
        r: [
          { __typename: 'Conference', id: conference?.id },
          { __typename: 'Conference', id: 'unknown' },
          { __typename: 'CallLeg', id: 'leg-1' },
          { __typename: 'Conference', id: conference?.id },
        ],
      },
    );

    expect(response.errors).toBeUndefined();
    expect(response.data?._entities).toEqual([
      { id: conference?.id, name: conference?.name },
      null,
      { id: 'leg-1' },
      { id: conference?.id, name: conference?.name },
    ]);
    expect(callsByRoute(stack.simulator.requests)).toEqual({ 'GET /conferences/{id}': 2 });
  });

  it('follows participants to call-leg details owned by the calls service', async () => {
    const participant = stack.simulator.dataset.participants[0];
    const response = await postGraphQL<{
      conference: {
        participants: { nodes: { id: string; callLeg: { id: string; from: string } }[] };
      };
    }>(
      router.url,
      'query ($id: ID!) { conference(id: $id) { participants { nodes { id callLeg { id from } } } } }',
      { id: participant?.conference.id },
    );
    expect(response.errors).toBeUndefined();
    const legs = new Map(callLegsFromDataset(stack.simulator.dataset).map((leg) => [leg.id, leg]));
    const nodes = response.data?.conference.participants.nodes ?? [];
    expect(nodes.length).toBeGreaterThan(1);
    for (const node of nodes) {
      expect(node.callLeg.from).toBe(legs.get(node.callLeg.id)?.from);
    }
  });

  it('refuses Participant representations: the provider has no read by id', async () => {
    const response = await postGraphQL(
      stack.gateway.url,
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Participant { id } } }',
      { r: [{ __typename: 'Participant', id: stack.simulator.dataset.participants[0]?.id }] },
    );
    expect(response.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it('refetches by nodeId through the router, with fields another subgraph owns', async () => {
    const leg = callLegsFromDataset(stack.simulator.dataset)[0]!;
    const listed = await postGraphQL<{ callLeg: { nodeId: string } }>(
      router.url,
      'query ($id: ID!) { callLeg(id: $id) { nodeId } }',
      { id: leg.id },
    );
    const response = await postGraphQL<{ node: unknown }>(
      router.url,
      'query ($n: ID!) { node(nodeId: $n) { __typename nodeId ... on CallLeg { id direction } } }',
      { n: listed.data?.callLeg.nodeId },
    );

    expect(response.errors).toBeUndefined();
    expect(response.data?.node).toEqual({
      __typename: 'CallLeg',
      nodeId: listed.data?.callLeg.nodeId,
      id: leg.id,
      direction: leg.direction,
    });
  });
});
