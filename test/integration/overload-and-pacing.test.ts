import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator-server';
import { errorCodes, postGraphQL } from '../support/graphql-client';
import { describeWithRedis, startRedis, type RunningRedis } from '../support/redis-server';
import { spawnGateway, type GatewayProcess } from '../support/spawn-gateway';
import { startStack, TEST_API_KEY } from '../support/start-stack';

const byId = (id: string) => `{ recording(id: "${id}") { id } }`;

describe('overload', () => {
  it('sheds what exceeds its capacity at once, with 503 OVERLOADED and Retry-After, and stays live', async () => {
    const stack = await startStack({
      env: { ADMISSION_MAX_CONCURRENT: '2' },
      simulator: { latencyMs: 300 },
    });
    try {
      const ids = stack.simulator.dataset.recordings.slice(0, 6).map((r) => r.id);
      const started = performance.now();
      const answers = await Promise.all(
        ids.map(async (id) => {
          const response = await fetch(stack.gateway.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: byId(id) }),
          });
          return {
            status: response.status,
            retryAfter: response.headers.get('retry-after'),
            body: (await response.json()) as { errors?: { extensions: { code: string } }[] },
            ms: performance.now() - started,
          };
        }),
      );
      const shed = answers.filter((answer) => answer.status === 503);
      expect(answers.filter((answer) => answer.status === 200)).toHaveLength(2);
      expect(shed).toHaveLength(4);
      for (const answer of shed) {
        expect(answer.retryAfter).toBe('1');
        expect(answer.body.errors?.[0]?.extensions.code).toBe('OVERLOADED');
        // Answered long before the admitted ones' 300 ms upstream round trip.
        expect(answer.ms).toBeLessThan(200);
      }
      const live = await fetch(new URL('/health/live', stack.gateway.url));
      expect(live.status).toBe(200);
      const metrics = await (await fetch(new URL('/metrics', stack.gateway.url))).text();
      expect(metrics).toMatch(/graphql_requests_shed_total\{reason="concurrency"\} 4/);
    } finally {
      await stack.close();
    }
  });

  it('answers by the request deadline, cancelling the upstream call still running', async () => {
    const stack = await startStack({
      env: { REQUEST_DEADLINE_MS: '300', UPSTREAM_TIMEOUT_MS: '5000' },
      simulator: { latencyMs: 2000 },
    });
    try {
      const started = performance.now();
      const response = await postGraphQL(
        stack.gateway.url,
        byId(stack.simulator.dataset.recordings[0]?.id ?? ''),
      );
      const elapsed = performance.now() - started;
      expect(errorCodes(response)).toEqual(['UPSTREAM_TIMEOUT']);
      expect(elapsed).toBeLessThan(1500);
    } finally {
      await stack.close();
    }
  });
});

describe('a rate-limited provider', () => {
  it('is paced to its limit instead of answered with 429s; what cannot wait is refused fast', async () => {
    const stack = await startStack({
      env: { REQUEST_DEADLINE_MS: '1500' },
      simulator: { rateLimit: { limit: 10, windowSeconds: 1 } },
    });
    try {
      const ids = stack.simulator.dataset.recordings.slice(0, 30).map((r) => r.id);
      const answers = await Promise.all(ids.map((id) => postGraphQL(stack.gateway.url, byId(id))));
      const codes = answers.flatMap((answer) => errorCodes(answer));
      const served = answers.filter((answer) => answer.errors === undefined).length;
      const refused = stack.simulator.requests.filter((request) => request.status === 429);
      expect(refused).toHaveLength(0);
      // About 1.5 s of a 10/s quota; the rest told when to come back.
      expect(served).toBeGreaterThanOrEqual(10);
      expect(served).toBeLessThanOrEqual(20);
      expect(new Set(codes)).toEqual(new Set(['UPSTREAM_RATE_LIMITED']));
      const retryAfter = answers
        .flatMap((answer) => answer.errors ?? [])
        .map((error) => Number(error.extensions?.['retryAfterSeconds']));
      expect(retryAfter.every((seconds) => seconds >= 1)).toBe(true);
    } finally {
      await stack.close();
    }
  });
});

const withRedis = describeWithRedis();

withRedis('two replicas sharing one Redis', () => {
  let redis: RunningRedis;
  let simulator: RunningSimulator;
  let replicas: GatewayProcess[];

  beforeAll(async () => {
    redis = await startRedis();
    simulator = await startSimulator({
      apiKeys: [TEST_API_KEY],
      rateLimit: { limit: 20, windowSeconds: 1 },
    });
    const env = {
      UPSTREAM_URL: simulator.baseUrl.href,
      UPSTREAM_API_KEY: TEST_API_KEY,
      AUTH_DISABLED: 'true',
      REDIS_URL: redis.url.href,
      CACHE_TTL_SECONDS: '0',
      REQUEST_DEADLINE_MS: '4000',
    };
    replicas = await Promise.all([spawnGateway(env), spawnGateway(env)]);
  }, 30_000);
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await simulator.close();
    await redis.stop();
  });

  it('share one quota: together they stay under the provider’s limit', async () => {
    simulator.clearRequests();
    const ids = simulator.dataset.recordings.slice(0, 80).map((r) => r.id);
    const started = Date.now();
    await Promise.all(
      ids.map((id, index) => postGraphQL((replicas[index % 2] as GatewayProcess).url, byId(id))),
    );
    const seconds = (Date.now() - started) / 1000;
    const statuses = simulator.requests.map((request) => request.status);
    const refused = statuses.filter((status) => status === 429).length;
    const served = statuses.filter((status) => status === 200).length;
    expect(refused).toBeLessThanOrEqual(Math.ceil(statuses.length * 0.02));
    // Two replicas pacing alone would each spend the whole quota: twice the limit.
    expect(served / seconds).toBeLessThanOrEqual(20 * 1.2);
    expect(served).toBeGreaterThan(20);
  });
});
