import { createHash } from 'node:crypto';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/observability/logger';
import { startApp } from '../../src/start-app';
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator-server';
import { postGraphQL } from './graphql-client';
import { describeWithRedis } from './redis-server';
import { spawnGateway, type GatewayProcess } from './spawn-gateway';
import { TEST_API_KEY } from './start-stack';
import { subscribe } from './subscription-client';
import { callsByRoute } from './upstream-calls';

export interface Misconfiguration {
  readonly env: Readonly<Record<string, string>>;
  /** The words of the error line at start. */
  readonly says: RegExp;
}

/** A Redis topology the suite runs on: how to reach it, and how to break it. */
export interface TopologyUnderTest {
  /** The gateway's Redis variables (REDIS_CLUSTER_NODES, REDIS_SENTINELS, ...). */
  readonly env: Readonly<Record<string, string>>;
  /** The client quota counters in Redis now, summed: what both replicas spend together. */
  quotaSpent(): Promise<number>;
  /** Settings that point at these servers as another topology, and what the gateway must say. */
  readonly misconfigurations: readonly Misconfiguration[];
  /** SIGKILLs a master (the one shared state lives on), as a crash. */
  killMaster(): Promise<void>;
  /** Resolves once the topology has replaced the dead master. */
  failedOver(): Promise<void>;
  stop(): Promise<void>;
}

const byId = (id: string) => `{ recording(id: "${id}") { id durationMillis } }`;
const PACE_LIMIT = 20;

interface LogLine {
  readonly level: number;
  readonly msg: string;
}

interface Readiness {
  readonly status: number;
  readonly redis: string | undefined;
}

async function readiness(replica: GatewayProcess): Promise<Readiness> {
  const response = await fetch(new URL('/health/ready', replica.url));
  const body = (await response.json()) as { checks: { redis?: string } };
  return { status: response.status, redis: body.checks.redis };
}

/** Polls `check` until true (10 s at most); resolves with the time it first was. */
async function eventually(check: () => Promise<boolean>): Promise<number> {
  const deadline = performance.now() + 10_000;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error('not within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return performance.now();
}

async function redisErrors(replica: GatewayProcess): Promise<string[]> {
  const text = await (await fetch(new URL('/metrics', replica.url))).text();
  return text.split('\n').filter((line) => line.startsWith('redis_errors_total{'));
}

/**
 * What two gateway replicas must share on any Redis topology (cache, APQ, live events, quotas,
 * pacing), and that a master killed under traffic fails no request and heals by itself.
 */
export function describeRedisTopology(name: string, start: () => Promise<TopologyUnderTest>): void {
  describeWithRedis()(`two replicas on ${name}`, () => {
    let topology: TopologyUnderTest;
    let simulator: RunningSimulator;
    let replicas: [GatewayProcess, GatewayProcess];
    let unused: string[];
    const take = (count: number) => unused.splice(0, count);

    beforeAll(async () => {
      [topology, simulator] = await Promise.all([
        start(),
        startSimulator({ apiKeys: [TEST_API_KEY] }),
      ]);
      unused = simulator.dataset.recordings.map((recording) => recording.id);
      const env = {
        UPSTREAM_URL: simulator.baseUrl.href,
        UPSTREAM_API_KEY: TEST_API_KEY,
        AUTH_DISABLED: 'true',
        WEBHOOK_PUBLIC_KEY: simulator.webhooks.keys.publicKey,
        CACHE_TTL_SECONDS: '120',
        UPSTREAM_RATE_LIMIT: `${PACE_LIMIT}/1s`,
        CLIENT_RATE_LIMIT_PER_MINUTE: '100000',
        LOG_FORMAT: 'json',
        ...topology.env,
      };
      replicas = await Promise.all([spawnGateway(env), spawnGateway(env)]);
    }, 60_000);
    afterAll(async () => {
      await Promise.all(replicas.map((replica) => replica.stop()));
      await simulator.close();
      await topology.stop();
    }, 30_000);

    it('says at start that the state is shared, and readiness reads redis: ok', async () => {
      for (const replica of replicas) {
        expect(replica.output()).toContain('shared in Redis');
        expect(await readiness(replica)).toEqual({ status: 200, redis: 'ok' });
      }
    });

    it('says a topology given wrongly in words, reports it, and answers without Redis', async () => {
      for (const { env, says } of topology.misconfigurations) {
        const logs: LogLine[] = [];
        const logger = createLogger({
          level: 'info',
          destination: { write: (line: string) => logs.push(JSON.parse(line) as LogLine) },
        });
        const app = await startApp(
          loadConfig({
            PORT: '0',
            HOST: '127.0.0.1',
            UPSTREAM_URL: simulator.baseUrl.href,
            UPSTREAM_API_KEY: TEST_API_KEY,
            AUTH_DISABLED: 'true',
            ...env,
          }),
          logger,
        );
        try {
          expect(logs).toContainEqual(
            expect.objectContaining({ level: 50, msg: expect.stringMatching(says) }),
          );
          const ready = await fetch(new URL('/health/ready', app.gateway.url));
          expect(ready.status).toBe(200);
          expect(await ready.json()).toMatchObject({ checks: { redis: 'misconfigured' } });
          const answer = await postGraphQL(app.gateway.url, byId(unused[0]!));
          expect(answer.errors).toBeUndefined();
        } finally {
          await app.stop();
        }
      }
    });

    it('serves a recording read on one replica to the other with no upstream call', async () => {
      const [a, b] = replicas;
      const [id] = take(1) as [string];
      simulator.clearRequests();
      const cold = await postGraphQL(a.url, byId(id));
      expect(callsByRoute(simulator.requests)).toEqual({ 'GET /recordings/{id}': 1 });

      simulator.clearRequests();
      const warm = await postGraphQL(b.url, byId(id));
      expect(warm.data).toEqual(cold.data);
      expect(simulator.requests).toHaveLength(0);
    });

    it('runs an APQ hash registered on one replica on the other', async () => {
      const [a, b] = replicas;
      const query = '{ recordings(first: 3) { totalCount } }';
      const sha256Hash = createHash('sha256').update(query).digest('hex');
      const extensions = { persistedQuery: { version: 1, sha256Hash } };
      const post = (url: URL, body: object) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then((response) => response.json() as Promise<{ data?: unknown; errors?: unknown[] }>);

      const unknown = await post(b.url, { extensions });
      await post(a.url, { query, extensions });
      const known = await post(b.url, { extensions });

      expect(JSON.stringify(unknown.errors)).toContain('PERSISTED_QUERY_NOT_FOUND');
      expect(known.errors).toBeUndefined();
      expect(known.data).toEqual({ recordings: { totalCount: expect.any(Number) } });
    });

    it('delivers a webhook received by one replica to a recordingSaved subscriber on the other', async () => {
      const [a, b] = replicas;
      const onB = await subscribe<{ recordingSaved: { id: string } }>(
        b.url,
        'subscription { recordingSaved { id } }',
      );
      simulator.webhooks.target = new URL('/webhooks', a.url);
      const saved = await simulator.saveRecording();
      await onB.until(1);
      expect(onB.results[0]?.data?.recordingSaved.id).toBe(saved.id);
      await onB.close();
    });

    it('spends one client quota: both replicas count in one Redis counter', async () => {
      const before = await topology.quotaSpent();
      simulator.clearRequests();
      const ids = take(6);
      for (const [index, id] of ids.entries()) {
        const response = await postGraphQL(replicas[index % 2]!.url, byId(id));
        expect(response.errors).toBeUndefined();
      }
      const calls = simulator.requests.length;
      expect(calls).toBeGreaterThanOrEqual(6);
      expect((await topology.quotaSpent()) - before).toBe(calls);
    });

    it('paces both replicas as one: together they keep to the declared upstream rate', async () => {
      const ids = take(30);
      const started = performance.now();
      const answers = await Promise.all(
        ids.map((id, index) => postGraphQL(replicas[index % 2]!.url, byId(id))),
      );
      const seconds = (performance.now() - started) / 1000;
      expect(answers.every((answer) => answer.errors === undefined)).toBe(true);
      // At 90% of 20/s, 30 calls take 1.6 s when paced together; each pacing alone, half that.
      expect(seconds).toBeGreaterThan(1.3);
      // Nothing above failed in Redis: a cross-slot script would have been counted here.
      for (const replica of replicas) expect(await redisErrors(replica)).toEqual([]);
    });

    it('loses no request when a master dies under traffic, reports degraded, and heals by itself', async () => {
      const [a, b] = replicas;
      const hot = take(5);
      for (const id of hot) await postGraphQL(a.url, byId(id));

      const failures: string[] = [];
      let requests = 0;
      let running = true;
      const traffic = [a, b].map(async (replica, offset) => {
        for (let index = offset; running; index += 1) {
          // Cached reads and fresh ones: both touch Redis (cache, quota, pacing).
          const id = index % 3 === 0 ? take(1)[0]! : hot[index % hot.length]!;
          const response = await postGraphQL(replica.url, byId(id));
          requests += 1;
          if (response.status !== 200 || response.errors !== undefined) {
            failures.push(`${response.status} ${JSON.stringify(response.errors)}`);
          }
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      });

      const seen = new Set<string>();
      const watch = async (until: () => boolean) => {
        while (!until()) {
          for (const replica of replicas) seen.add(String((await readiness(replica)).redis));
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      };

      await new Promise((resolve) => setTimeout(resolve, 500));
      const killedAt = performance.now();
      await topology.killMaster();
      let failedOver = false;
      const watching = watch(() => failedOver);
      await topology.failedOver();
      failedOver = true;
      await watching;
      const failoverMs = performance.now() - killedAt;

      // Readiness back to ok on both replicas, with no restart.
      for (;;) {
        const states = await Promise.all(replicas.map(readiness));
        states.forEach((state) => seen.add(String(state.redis)));
        if (states.every((state) => state.redis === 'ok')) break;
        if (performance.now() - killedAt > 30_000)
          throw new Error(`still ${JSON.stringify(states)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const okAgainMs = performance.now() - killedAt;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      running = false;
      await Promise.all(traffic);

      expect(failures).toEqual([]);
      expect(requests).toBeGreaterThan(20);
      expect(seen).toContain('degraded');
      const counted = [...(await redisErrors(a)), ...(await redisErrors(b))];
      expect(counted.length).toBeGreaterThan(0);

      // Sharing resumes by itself: the cache, then live events.
      const sharedAgainMs =
        (await eventually(async () => {
          const [id] = take(1) as [string];
          await postGraphQL(a.url, byId(id));
          simulator.clearRequests();
          await postGraphQL(b.url, byId(id));
          return simulator.requests.length === 0;
        })) - killedAt;
      const onB = await subscribe<{ recordingSaved: { id: string } }>(
        b.url,
        'subscription { recordingSaved { id } }',
      );
      simulator.webhooks.target = new URL('/webhooks', a.url);
      const savedIds: string[] = [];
      await eventually(async () => {
        savedIds.push((await simulator.saveRecording()).id);
        await new Promise((resolve) => setTimeout(resolve, 300));
        return onB.results.length > 0;
      });
      expect(savedIds).toContain(onB.results[0]?.data?.recordingSaved.id);
      await onB.close();
      // Failover timings are a measurement, not a result: shown only when asked for.
      if (process.env['REPORT_FAILOVER_TIMINGS'] === 'true') {
        console.log(
          `${name}: failed over after ${Math.round(failoverMs)} ms, readiness ok on both after ${Math.round(okAgainMs)} ms, cache shared again after ${Math.round(sharedAgainMs)} ms, ${requests} requests, states seen ${[...seen].join(', ')}`,
        );
      }
    }, 60_000);
  });
}
