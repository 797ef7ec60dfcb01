import {
  callLegsFromDataset,
  startCallsService,
  type RunningCallsService,
} from '../support/calls-service';
import { startHiveGateway, type RunningHiveGateway } from '../support/start-hive-gateway';
import { composeSupergraph } from '../support/start-supergraph';
import { startStack, type Stack } from '../support/start-stack';

interface Event {
  data?: { recordingSaved: { id: string; callLeg: { id: string; direction: string } | null } };
  errors?: unknown[];
}

/** Reads `count` `next` events from a GraphQL-over-SSE response (what Hive Gateway serves). */
async function readEvents(response: Response, count: number): Promise<Event[]> {
  const reader = response.body?.getReader();
  if (!reader) throw new Error('no body');
  const decoder = new TextDecoder();
  const events: Event[] = [];
  let buffer = '';
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value as Uint8Array, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim())
        .join('');
      if (data) events.push(JSON.parse(data) as Event);
    }
  }
  await reader.cancel();
  return events;
}

describe('a federated subscription through Hive Gateway', () => {
  let stack: Stack;
  let calls: RunningCallsService;
  let gateway: RunningHiveGateway;
  let hints: readonly string[];

  beforeAll(async () => {
    stack = await startStack();
    calls = await startCallsService(callLegsFromDataset(stack.simulator.dataset));
    const composition = composeSupergraph({ recordings: stack.gateway.url, calls: calls.url });
    hints = composition.hints;
    gateway = await startHiveGateway(composition.supergraphSdl, 'recordings');
  }, 30_000);
  afterAll(async () => {
    await gateway.stop();
    await calls.stop();
    await stack.close();
  });

  it('composes the Subscription type without hints, and delivers events with fields from the calls subgraph', async () => {
    expect(hints).toEqual([]);
    const leg = callLegsFromDataset(stack.simulator.dataset)[0];
    if (!leg) throw new Error('no call leg');
    const controller = new AbortController();
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({
        query: `subscription ($leg: ID) {
          recordingSaved(filter: { callLegId: $leg }) { id callLeg { id direction } }
        }`,
        variables: { leg: leg.id },
      }),
      signal: controller.signal,
    });
    if (response.status !== 200) throw new Error(await response.text());
    const events = readEvents(response, 1);
    // The gateway opens its WebSocket to the subgraph once the client subscribed.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const saved = await stack.simulator.saveRecording({ call_leg_id: leg.id });
    const [event] = await events;
    controller.abort();
    expect(event?.errors).toBeUndefined();
    expect(event?.data?.recordingSaved).toEqual({
      id: saved.id,
      callLeg: { id: leg.id, direction: leg.direction },
    });
  });
});
