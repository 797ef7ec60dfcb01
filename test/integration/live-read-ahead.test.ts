import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator-server';
import { postRecordingSaved } from '../support/post-webhook';
import { spawnGateway, type GatewayProcess } from '../support/spawn-gateway';
import { TEST_API_KEY } from '../support/start-stack';
import { subscribe } from '../support/subscription-client';

describe('a subscription behind a distant provider', () => {
  let simulator: RunningSimulator;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    // Every read of an event's recording crosses the internet.
    simulator = await startSimulator({ apiKeys: [TEST_API_KEY], latencyMs: 200 });
    gateway = await spawnGateway({
      UPSTREAM_URL: simulator.baseUrl.href,
      UPSTREAM_API_KEY: TEST_API_KEY,
      AUTH_DISABLED: 'true',
      WEBHOOK_PUBLIC_KEY: simulator.webhooks.keys.publicKey,
    });
  }, 30_000);
  afterAll(async () => {
    await gateway.stop();
    await simulator.close();
  });

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
