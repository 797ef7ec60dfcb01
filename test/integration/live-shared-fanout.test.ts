import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator-server';
import { postRecordingSaved } from '../support/post-webhook';
import { spawnGateway, type GatewayProcess } from '../support/spawn-gateway';
import { sampleMetric as sample } from '../support/metric-sample';
import { stalledSubscriber } from '../support/stalled-subscriber';
import { TEST_API_KEY } from '../support/start-stack';
import { subscribe, type Subscriber } from '../support/subscription-client';
import { startWebhookGateway, type WebhookGateway } from '../support/webhook-gateway';

describe('identical subscribers share one execution', () => {
  let simulator: RunningSimulator;
  let gateway: GatewayProcess;
  let stack: WebhookGateway;

  beforeAll(async () => {
    stack = await startWebhookGateway({
      env: { SUBSCRIPTIONS_PER_CLIENT: '100' },
      deliverWebhooks: true,
    });
    ({ simulator, gateway } = stack);
  }, 30_000);
  afterAll(() => stack.close());

  it('30 subscribers of two distinct operations cost two executions per event, and each gets every event', async () => {
    const subscribers: Subscriber<{ recordingSaved: { id: string } }>[] = [];
    for (let i = 0; i < 30; i += 1) {
      subscribers.push(
        await subscribe(
          gateway.url,
          i % 3 === 0
            ? 'subscription { recordingSaved { id status } }'
            : 'subscription { recordingSaved { id } }',
        ),
      );
    }
    expect(await sample(gateway, 'graphql_ws_shared_executions')).toBe(2);
    const sentLabel = 'graphql_subscription_events_total{field="recordingSaved",outcome="sent"}';
    const before = await sample(gateway, sentLabel);
    const saved = [await simulator.saveRecording(), await simulator.saveRecording()];
    await Promise.all(subscribers.map((subscriber) => subscriber.until(2)));
    for (const subscriber of subscribers) {
      expect(subscriber.results.map((result) => result.data?.recordingSaved.id)).toEqual(
        saved.map((recording) => recording.id),
      );
    }
    // Two events, two executions each: not sixty.
    expect((await sample(gateway, sentLabel)) - before).toBe(4);

    // Members leave one by one; the execution ends with the last.
    await Promise.all(subscribers.map((subscriber) => subscriber.close()));
    let executions = -1;
    for (let wait = 0; wait < 50 && executions !== 0; wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      executions = await sample(gateway, 'graphql_ws_shared_executions');
    }
    expect(executions).toBe(0);
  }, 30_000);
});

describe('a member of a shared execution that stops reading', () => {
  let simulator: RunningSimulator;
  let gateway: GatewayProcess;
  let stack: WebhookGateway;

  beforeAll(async () => {
    stack = await startWebhookGateway({
      env: {
        SUBSCRIPTIONS_PER_CLIENT: '100',
        LIVE_SUBSCRIBER_MAX_EVENTS: '10',
        LIVE_SUBSCRIBER_MAX_BYTES: '8192',
        // The stalled socket must fill up, not be dropped for missing its pongs first.
        SUBSCRIPTIONS_KEEPALIVE_MS: '600000',
      },
    });
    ({ simulator, gateway } = stack);
  }, 30_000);
  afterAll(() => stack.close());

  it('is ended as too slow once its socket holds more than its bounds; its peers get every event', async () => {
    // Large frames (48 pre-signed links each) fill the stalled socket's kernel buffers quickly.
    const links = Array.from({ length: 48 }, (_, i) => `l${i}: downloadUrls { mp3 }`).join(' ');
    const query = `subscription { recordingSaved { id ${links} } }`;
    const reader = await subscribe<{ recordingSaved: { id: string } }>(gateway.url, query);
    const stalled = await stalledSubscriber(gateway.url, query);
    try {
      expect(await sample(gateway, 'graphql_ws_shared_executions')).toBe(1);
      const tooSlow = 'live_subscribers_too_slow_total{field="recordingSaved"}';
      const sent: string[] = [];
      while ((await sample(gateway, tooSlow)) === 0 && sent.length < 2000) {
        for (let i = 0; i < 8; i += 1) {
          const id = simulator.addRecording().id;
          expect((await postRecordingSaved(simulator, gateway.url, id)).status).toBe(200);
          sent.push(id);
        }
        await reader.until(sent.length, 20_000);
      }
      expect(await sample(gateway, tooSlow)).toBe(1);
      // The reader shared the execution with the stalled one and missed nothing, in order.
      expect(reader.results.map((result) => result.data?.recordingSaved.id)).toEqual(sent);
      const first = reader.results[0]?.data?.recordingSaved as unknown as Record<
        string,
        { mp3: string | null } | null
      >;
      expect(first['l0']?.mp3).toMatch(/^https?:/);
    } finally {
      stalled.destroy();
      await reader.close();
    }
  }, 60_000);
});

describe('many subscriptions on one healthy socket', () => {
  let simulator: RunningSimulator;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    // Reads take a while: a burst of events leaves in few event-loop turns, many frames each.
    simulator = await startSimulator({ apiKeys: [TEST_API_KEY], latencyMs: 150 });
    gateway = await spawnGateway({
      UPSTREAM_URL: simulator.baseUrl.href,
      UPSTREAM_API_KEY: TEST_API_KEY,
      AUTH_DISABLED: 'true',
      WEBHOOK_PUBLIC_KEY: simulator.webhooks.keys.publicKey,
      SUBSCRIPTIONS_SUBSCRIBES_PER_MINUTE: '6000',
    });
  }, 30_000);
  afterAll(async () => {
    await gateway.stop();
    await simulator.close();
  });

  it("bounds each subscription by its own frames, not its neighbours' on the socket", async () => {
    // 20 distinct subscriptions (the default per connection) of about 7 KB a frame, one reader.
    const links = Array.from({ length: 48 }, (_, i) => `l${i}: downloadUrls { mp3 }`).join(' ');
    const first = await subscribe<{ recordingSaved: { id: string } }>(
      gateway.url,
      `subscription S0 { recordingSaved { id ${links} } }`,
    );
    // The other 19 on the same socket, through the same graphql-ws client.
    const received: string[][] = [];
    const failures: unknown[] = [];
    for (let s = 1; s < 20; s += 1) {
      const ids: string[] = [];
      received.push(ids);
      first.client.subscribe<{ recordingSaved: { id: string } }>(
        { query: `subscription S${s} { recordingSaved { id ${links} } }` },
        {
          next: (result) => ids.push(result.data?.recordingSaved.id ?? ''),
          error: (error) => failures.push(error),
          complete: () => undefined,
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await sample(gateway, 'graphql_ws_shared_executions')).toBe(20);
    const ids = Array.from({ length: 16 }, () => simulator.addRecording().id);
    await Promise.all(
      ids.map(async (id) => {
        expect((await postRecordingSaved(simulator, gateway.url, id)).status).toBe(200);
      }),
    );
    await first.until(ids.length, 20_000);
    const deadline = Date.now() + 20_000;
    while (received.some((got) => got.length < ids.length) && failures.length === 0) {
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(failures).toEqual([]);
    expect(new Set(first.results.map((result) => result.data?.recordingSaved.id))).toEqual(
      new Set(ids),
    );
    for (const got of received) expect(new Set(got)).toEqual(new Set(ids));
    expect(await sample(gateway, 'live_subscribers_too_slow_total{field="recordingSaved"}')).toBe(
      0,
    );
    await first.close();
  }, 60_000);
});
