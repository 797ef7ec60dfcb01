import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator-server';
import { postRecordingSaved } from '../support/post-webhook';
import { describeWithRedis, startRedis, type RunningRedis } from '../support/redis-server';
import { spawnGateway, type GatewayProcess } from '../support/spawn-gateway';
import { TEST_API_KEY } from '../support/start-stack';
import { subscribe, type Subscriber } from '../support/subscription-client';

const withRedis = describeWithRedis();

interface Events {
  recordingEvents: { cursor: string; receivedAt: string; recording: { id: string } };
}

const EVENTS =
  'subscription Events($after: String) { recordingEvents(after: $after) { cursor receivedAt recording { id } } }';

function idsOf(results: readonly { data?: Events | null }[]): string[] {
  return results.map((result) => result.data?.recordingEvents.recording.id ?? 'none');
}

withRedis('live events that survive Redis outages, replica restarts and retries', () => {
  let redis: RunningRedis;
  let simulator: RunningSimulator;
  let replicas: [GatewayProcess, GatewayProcess];

  /** A new recording and its signed `call.recording.saved`, posted to `replica`. */
  const deliver = async (
    replica: GatewayProcess,
    body?: string,
  ): Promise<{ id: string; body: string }> => {
    // A body given is a provider retry: the same envelope again.
    const id = body === undefined ? simulator.addRecording().id : '';
    const posted = await postRecordingSaved(
      simulator,
      replica.url,
      id,
      body === undefined ? {} : { body },
    );
    expect(posted.status).toBe(200);
    return { id, body: posted.body };
  };

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
      SUBSCRIPTIONS_PER_CLIENT: '1000',
      SUBSCRIPTIONS_SUBSCRIBES_PER_MINUTE: '1000',
    };
    replicas = [await spawnGateway(env), await spawnGateway(env)];
  }, 30_000);
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await simulator.close();
    await redis.stop();
  });

  it('a burst of 300 events to one replica reaches 400 subscribers across both, each event exactly once', async () => {
    const [a, b] = replicas;
    const subscribers: Subscriber<{ recordingSaved: { id: string } }>[] = [];
    for (let batch = 0; batch < 8; batch += 1) {
      subscribers.push(
        ...(await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            subscribe<{ recordingSaved: { id: string } }>(
              (batch * 50 + i) % 2 === 0 ? a.url : b.url,
              'subscription { recordingSaved { id } }',
            ),
          ),
        )),
      );
    }
    const sent: string[] = [];
    const started = Date.now();
    // Ten at a time, as a provider's workers would.
    for (let round = 0; round < 30; round += 1) {
      sent.push(
        ...(await Promise.all(Array.from({ length: 10 }, () => deliver(a)))).map((d) => d.id),
      );
    }
    const postedInMs = Date.now() - started;
    await Promise.all(subscribers.map((subscriber) => subscriber.until(300, 30_000)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const expected = [...sent].sort();
    for (const subscriber of subscribers) {
      const got = subscriber.results.map((result) => result.data?.recordingSaved.id ?? 'none');
      expect(got).toHaveLength(300);
      expect([...got].sort()).toEqual(expected);
    }
    expect(postedInMs).toBeLessThan(20_000);
    await Promise.all(subscribers.map((subscriber) => subscriber.close()));
  }, 90_000);

  it('a subscriber that reconnects to the other replica with its last cursor gets what it missed, in order, then live events', async () => {
    const [a, b] = replicas;
    const first = await subscribe<Events>(b.url, EVENTS);
    const before = await deliver(a);
    await first.until(1);
    const cursor = first.results[0]?.data?.recordingEvents.cursor;
    expect(typeof cursor).toBe('string');
    expect(Date.parse(first.results[0]?.data?.recordingEvents.receivedAt ?? '')).toBeGreaterThan(
      Date.now() - 60_000,
    );
    await first.close();

    const missed = [];
    for (let i = 0; i < 3; i += 1) missed.push((await deliver(i === 1 ? b : a)).id);
    const resumed = await subscribe<Events>(a.url, EVENTS, { after: cursor });
    await resumed.until(3);
    const live = await deliver(b);
    await resumed.until(4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(idsOf(resumed.results)).toEqual([...missed, live.id]);
    expect(idsOf(resumed.results)).not.toContain(before.id);
    await resumed.close();
  }, 20_000);

  it('refuses a cursor it never gave (BAD_USER_INPUT) and one older than the replay window (CURSOR_EXPIRED)', async () => {
    const [a] = replicas;
    const codes = [];
    for (const after of ['not-a-cursor', Buffer.from('s:1000-0').toString('base64url')]) {
      const subscriber = await subscribe<Events>(a.url, EVENTS, { after });
      const result = await Promise.race([
        subscriber.until(1).then((results) => results[0]),
        subscriber.failure,
      ]);
      const errors =
        (result as { errors?: { extensions?: { code?: string } }[] }).errors ??
        (result as { extensions?: { code?: string } }[]);
      codes.push(errors[0]?.extensions?.code);
      await subscriber.close();
    }
    expect(codes).toEqual(['BAD_USER_INPUT', 'CURSOR_EXPIRED']);
  });

  it('Redis down for seconds while events arrive: the other replica’s subscribers get them all, once, after it returns', async () => {
    const [a, b] = replicas;
    const onB = await subscribe<Events>(b.url, EVENTS);
    const onA = await subscribe<Events>(a.url, EVENTS);
    const port = Number(redis.url.port);
    await redis.stop();
    const sent = [];
    for (let i = 0; i < 20; i += 1) {
      sent.push((await deliver(a)).id);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // A's own subscribers were served at once, without Redis.
    await onA.until(20);
    expect(idsOf(onA.results)).toEqual(sent);
    expect(onB.results).toHaveLength(0);
    redis = await startRedis(port);
    await onB.until(20, 15_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(idsOf(onB.results)).toEqual(sent);
    await Promise.all([onA.close(), onB.close()]);
  }, 40_000);

  it('a provider retry after a Redis restart is delivered once', async () => {
    const [a, b] = replicas;
    const onB = await subscribe<Events>(b.url, EVENTS);
    const first = await deliver(a);
    await onB.until(1);
    const port = Number(redis.url.port);
    await redis.stop();
    redis = await startRedis(port);
    // Both replicas are connected again before the retry arrives.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await deliver(a, first.body);
    const next = await deliver(a);
    await onB.until(2, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(idsOf(onB.results)).toEqual([first.id, next.id]);
    await onB.close();
  }, 30_000);
});
