import type { RunningSimulator } from '../../src/simulator/simulator-server';
import { postRecordingSaved } from '../support/post-webhook';
import type { GatewayProcess } from '../support/spawn-gateway';
import { subscribe } from '../support/subscription-client';
import { startWebhookGateway, type WebhookGateway } from '../support/webhook-gateway';

describe('a subscription behind a distant provider', () => {
  let simulator: RunningSimulator;
  let gateway: GatewayProcess;
  let stack: WebhookGateway;

  beforeAll(async () => {
    // Every read of an event's recording crosses the internet.
    stack = await startWebhookGateway({ simulator: { latencyMs: 200 } });
    ({ simulator, gateway } = stack);
  }, 30_000);
  afterAll(() => stack.close());

  it('reads the events waiting for it at once, and still delivers them in order', async () => {
    const subscriber = await subscribe<{ recordingSaved: { id: string } }>(
      gateway.url,
      'subscription { recordingSaved { id } }',
    );
    const ids = Array.from({ length: 12 }, () => simulator.addRecording().id);
    simulator.clearRequests();
    await Promise.all(
      ids.map(async (id) => {
        expect((await postRecordingSaved(simulator, gateway.url, id)).status).toBe(200);
      }),
    );
    await subscriber.until(ids.length, 20_000);
    // In the order the webhooks were accepted (the bus's order), each once.
    const got = subscriber.results.map((result) => result.data?.recordingSaved.id);
    expect([...got].sort()).toEqual([...ids].sort());
    expect(new Set(got).size).toBe(ids.length);
    // One read at a time would be 12 x 200 ms end to end; waiting events are read together.
    expect(simulator.peakConcurrency).toBeGreaterThan(1);
    await subscriber.close();
  }, 40_000);
});
