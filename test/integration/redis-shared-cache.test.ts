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
});
