import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator-server';
import { postRecordingSaved } from '../support/post-webhook';
import { spawnGateway, type GatewayProcess } from '../support/spawn-gateway';
import { stalledSubscriber } from '../support/stalled-subscriber';
import { TEST_API_KEY } from '../support/start-stack';
import { subscribe } from '../support/subscription-client';
import { startWebhookGateway, type WebhookGateway } from '../support/webhook-gateway';

interface Events {
  recordingEvents: { cursor: string; recording: { id: string } };
}

const EVENTS =
  'subscription Events($after: String) { recordingEvents(after: $after) { cursor recording { id } } }';

describe('live subscribers that cannot keep up', () => {
  let simulator: RunningSimulator;
  let gateway: GatewayProcess;
  let stack: WebhookGateway;

  beforeAll(async () => {
    // Every read of an event's recording takes a while: a burst outruns one subscriber.
    stack = await startWebhookGateway({
      simulator: { latencyMs: 150 },
      env: { LIVE_SUBSCRIBER_MAX_EVENTS: '10' },
    });
    ({ simulator, gateway } = stack);
  }, 30_000);
  afterAll(() => stack.close());

  it('are ended with SUBSCRIBER_TOO_SLOW and their last cursor, and resume from it without a gap', async () => {
    const subscriber = await subscribe<Events>(gateway.url, EVENTS);
    const sent: string[] = [];
    for (let i = 0; i < 40; i += 1) {
      const id = simulator.addRecording().id;
      expect((await postRecordingSaved(simulator, gateway.url, id)).status).toBe(200);
      sent.push(id);
    }
    const failure = (await subscriber.failure) as { extensions?: Record<string, unknown> }[];
    expect(failure[0]?.extensions?.['code']).toBe('SUBSCRIBER_TOO_SLOW');
    const got = subscriber.results.map((result) => result.data?.recordingEvents);
    expect(got.length).toBeLessThan(sent.length);
    // The cursor names the last event it received: nothing after it was skipped silently.
    expect(failure[0]?.extensions?.['lastCursor']).toBe(got.at(-1)?.cursor);
    await subscriber.close();

    const resumed = await subscribe<Events>(gateway.url, EVENTS, {
      after: got.at(-1)?.cursor,
    });
    await resumed.until(sent.length - got.length, 20_000);
    const all = [
      ...got.map((event) => event?.recording.id),
      ...resumed.results.map((result) => result.data?.recordingEvents.recording.id),
    ];
    expect(all).toEqual(sent);
    await resumed.close();
  }, 40_000);
});

describe('stopping with subscribers that stopped reading', () => {
  it('SIGTERM exits within SHUTDOWN_GRACE_MS + 2 s', async () => {
    const simulator = await startSimulator({ apiKeys: [TEST_API_KEY] });
    const gateway = await spawnGateway({
      UPSTREAM_URL: simulator.baseUrl.href,
      UPSTREAM_API_KEY: TEST_API_KEY,
      AUTH_DISABLED: 'true',
      SHUTDOWN_GRACE_MS: '1500',
    });
    const stalled = [];
    try {
      for (let i = 0; i < 10; i += 1) {
        stalled.push(
          await stalledSubscriber(gateway.url, 'subscription { recordingSaved { id } }'),
        );
      }
      const started = Date.now();
      gateway.child.kill('SIGTERM');
      await expect(gateway.exited).resolves.toBe(0);
      expect(Date.now() - started).toBeLessThan(1500 + 2000);
    } finally {
      gateway.child.kill('SIGKILL');
      for (const socket of stalled) socket.destroy();
      await simulator.close();
    }
  }, 30_000);
});
