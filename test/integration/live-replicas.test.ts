import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator-server';
import { signWebhook, webhookEnvelope } from '../../src/simulator/webhook-sender';
import { describeWithRedis, startRedis, type RunningRedis } from '../support/redis-server';
import { spawnGateway, type GatewayProcess } from '../support/spawn-gateway';
import { TEST_API_KEY } from '../support/start-stack';
import { subscribe } from '../support/subscription-client';

const withRedis = describeWithRedis();

withRedis('live updates across two replicas sharing one Redis', () => {
  let redis: RunningRedis;
  let simulator: RunningSimulator;
  let replicas: [GatewayProcess, GatewayProcess];

  beforeAll(async () => {
    redis = await startRedis();
    simulator = await startSimulator({ apiKeys: [TEST_API_KEY] });
    const env = {
      UPSTREAM_URL: simulator.baseUrl.href,
      UPSTREAM_API_KEY: TEST_API_KEY,
      AUTH_DISABLED: 'true',
      REDIS_URL: redis.url.href,
      WEBHOOK_PUBLIC_KEY: simulator.webhooks.keys.publicKey,
      CACHE_TTL_SECONDS: '60',
    };
    replicas = [await spawnGateway(env), await spawnGateway(env)];
  }, 30_000);
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await simulator.close();
    await redis.stop();
  });

  it('an event one replica receives reaches subscribers on the other; a delivery to both acts once', async () => {
    const [a, b] = replicas;
    const onB = await subscribe<{ recordingSaved: { id: string } }>(
      b.url,
      'subscription { recordingSaved { id } }',
    );
    simulator.webhooks.target = new URL('/webhooks', a.url);
    const saved = await simulator.saveRecording();
    await onB.until(1);
    expect(onB.results[0]?.data?.recordingSaved.id).toBe(saved.id);

    // The provider retries one event at another replica: Redis remembers the id.
    const next = simulator.addRecording();
    const body = webhookEnvelope('call.recording.saved', { recording_id: next.id }, a.url.href);
    const headers = signWebhook(simulator.webhooks.keys.privateKey, body);
    const statuses = await Promise.all(
      [a, b].map(async (replica) => {
        const response = await fetch(new URL('/webhooks', replica.url), {
          method: 'POST',
          headers,
          body,
        });
        return response.status;
      }),
    );
    expect(statuses).toEqual([200, 200]);
    await onB.until(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(onB.results.map((result) => result.data?.recordingSaved.id)).toEqual([
      saved.id,
      next.id,
    ]);
    await onB.close();
  });
});
