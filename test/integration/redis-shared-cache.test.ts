import { createHash } from 'node:crypto';
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator-server';
import { postGraphQL } from '../support/graphql-client';
import { describeWithRedis, startRedis, type RunningRedis } from '../support/redis-server';
import { spawnGateway, type GatewayProcess } from '../support/spawn-gateway';

const KEY_A = 'tenant-a-key-1234';
const KEY_B = 'tenant-b-key-5678';
const PAGE = '{ recordings(first: 30) { totalCount nodes { id conference { name } } } }';
const as = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });

// CI installs redis-server (.ci/run) and must run these; elsewhere they need the package.
const withRedis = describeWithRedis();

withRedis('replicas sharing a Redis cache', () => {
  let redis: RunningRedis;
  let simulator: RunningSimulator;
  let replicas: GatewayProcess[];

  beforeAll(async () => {
    redis = await startRedis();
    simulator = await startSimulator({ apiKeys: [KEY_A, KEY_B] });
    const env = {
      UPSTREAM_URL: simulator.baseUrl.href,
      REDIS_URL: redis.url.href,
      CACHE_MUTABLE_TTL_SECONDS: '30',
    };
    replicas = await Promise.all([spawnGateway(env), spawnGateway(env)]);
  }, 30_000);
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await simulator.close();
    await redis.stop();
  });
  beforeEach(() => simulator.clearRequests());

  it('answers on one replica from what another replica cached', async () => {
    const [first, second] = replicas as [GatewayProcess, GatewayProcess];
    const cold = await postGraphQL(first.url, PAGE, {}, as(KEY_A));
    expect(simulator.requests.length).toBeGreaterThan(1);

    simulator.clearRequests();
    const warm = await postGraphQL(second.url, PAGE, {}, as(KEY_A));

    expect(warm.data).toEqual(cold.data);
    expect(simulator.requests).toHaveLength(0);
  });

  it('keeps entries apart by credential across replicas', async () => {
    const [, second] = replicas as [GatewayProcess, GatewayProcess];
    const response = await postGraphQL(second.url, PAGE, {}, as(KEY_B));
    expect(response.errors).toBeUndefined();
    expect(simulator.requests.length).toBeGreaterThan(1);
  });

  it('shares automatic persisted queries: a hash registered on one replica works on the other', async () => {
    const [first, second] = replicas as [GatewayProcess, GatewayProcess];
    const query = '{ recordings(first: 2) { totalCount } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const post = (url: URL, body: object) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY_A}` },
        body: JSON.stringify(body),
      }).then((response) => response.json() as Promise<{ data?: unknown; errors?: unknown[] }>);

    const unknown = await post(second.url, { extensions });
    await post(first.url, { query, extensions });
    const known = await post(second.url, { extensions });

    expect(JSON.stringify(unknown.errors)).toContain('PERSISTED_QUERY_NOT_FOUND');
    expect(known).toEqual({ data: { recordings: { totalCount: 300 } } });
  });

  it('answers every request while Redis crashes and restarts under traffic, then shares again by itself', async () => {
    const [first, second] = replicas as [GatewayProcess, GatewayProcess];
    const byId = (id: string) => `{ recording(id: "${id}") { id } }`;
    const ids = simulator.dataset.recordings.map((recording) => recording.id);
    const failures: string[] = [];
    const seen = new Set<string>();
    let running = true;
    const traffic = replicas.map(async (replica, offset) => {
      for (let index = offset; running; index += 2) {
        const response = await postGraphQL(replica.url, byId(ids[index % 20]!), {}, as(KEY_A));
        if (response.errors !== undefined) failures.push(JSON.stringify(response.errors));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
    const redisState = async (replica: GatewayProcess) => {
      const response = await fetch(new URL('/health/ready', replica.url));
      const state = ((await response.json()) as { checks: { redis?: string } }).checks.redis;
      seen.add(String(state));
      return state;
    };

    const until = async (check: (states: (string | undefined)[]) => boolean) => {
      const deadline = Date.now() + 15_000;
      while (!check(await Promise.all(replicas.map(redisState)))) {
        if (Date.now() > deadline) throw new Error(`readiness never read ${[...seen].join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    await redis.crash();
    await until((states) => states.every((state) => state === 'unreachable'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    await redis.restart();
    await until((states) => states.every((state) => state === 'ok'));
    running = false;
    await Promise.all(traffic);
    expect(failures).toEqual([]);
    expect(seen).toContain('unreachable');

    // The restarted Redis is empty: what one replica fetches now, the other reads from it.
    const id = ids[25]!;
    await postGraphQL(first.url, byId(id), {}, as(KEY_A));
    simulator.clearRequests();
    await postGraphQL(second.url, byId(id), {}, as(KEY_A));
    expect(simulator.requests).toHaveLength(0);
  });
});
