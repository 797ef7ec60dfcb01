import { createServer, type Server } from 'node:net';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/observability/logger';
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator-server';
import { startApp, type RunningApp } from '../../src/start-app';
import { freePort } from '../support/free-port';
import { postGraphQL } from '../support/graphql-client';
import { quietSentinelClientNoise } from '../support/quiet-sentinel-client';
import { spawnGateway } from '../support/spawn-gateway';
import { TEST_API_KEY } from '../support/start-stack';

interface LogLine {
  level: number;
  msg: string;
}

/** startApp as main.ts runs it, in this process, with its log lines captured. */
async function startInProcess(env: Record<string, string>) {
  const logs: LogLine[] = [];
  const logger = createLogger({
    level: 'info',
    destination: { write: (line: string) => logs.push(JSON.parse(line) as LogLine) },
  });
  const app = await startApp(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      CLIENT_RATE_LIMIT_PER_MINUTE: '0',
      AUTH_DISABLED: 'true',
      ...env,
    }),
    logger,
  );
  return { app, logs };
}

async function readiness(app: RunningApp) {
  const response = await fetch(new URL('/health/ready', app.gateway.url));
  return { status: response.status, body: (await response.json()) as { checks: object } };
}

quietSentinelClientNoise();

describe('configuration that would be unsafe is refused or shown', () => {
  it('refuses to start in production without UPSTREAM_URL, instead of serving fake data', async () => {
    await expect(spawnGateway({ NODE_ENV: 'production' })).rejects.toThrow(
      /NODE_ENV=production needs UPSTREAM_URL.*UPSTREAM_SIMULATOR=true/s,
    );
  });

  it('refuses an unknown NODE_ENV instead of reading it as development', async () => {
    await expect(spawnGateway({ NODE_ENV: 'prod' })).rejects.toThrow(
      /NODE_ENV must be one of development, production, test \(got "prod"\)/,
    );
  });

  it('refuses a real upstream with the server key and nobody verified, even without NODE_ENV', async () => {
    await expect(
      spawnGateway({ UPSTREAM_URL: 'https://api.example.com/v2', UPSTREAM_API_KEY: 'k-123456' }),
    ).rejects.toThrow(/UPSTREAM_URL with UPSTREAM_API_KEY lets anyone.*AUTH_DISABLED=true/s);
  });

  it('refuses each unsafe production setting in one message that names the variables', async () => {
    const attempt = spawnGateway({
      NODE_ENV: 'production',
      UPSTREAM_URL: 'https://api.example.com/v2',
      UPSTREAM_API_KEY: 'k-123456',
      AUTH_JWKS_URL: 'http://id.example.com/jwks.json',
      AUTH_ISSUER: 'https://id.example.com/',
      AUTH_AUDIENCE: 'recordings',
      TRUST_PROXY: 'true',
      WEBHOOK_DEDUPE_SECONDS: '60',
      SUBSCRIPTIONS_MAX_CONNECTIONS: '5000',
    });
    await expect(attempt).rejects.toThrow(/AUTH_JWKS_URL must be https: in production/);
    await expect(attempt).rejects.toThrow(/TRUST_PROXY=true trusts every X-Forwarded-For hop/);
    await expect(attempt).rejects.toThrow(/WEBHOOK_DEDUPE_SECONDS \(60\) must be at least twice/);
    await expect(attempt).rejects.toThrow(/SUBSCRIPTIONS_MAX_CONNECTIONS \(5000\) must be below/);
    await expect(attempt).rejects.not.toThrow(/k-123456/);
  });

  it('runs the simulator in production only when asked, and says so', async () => {
    const gateway = await spawnGateway({ NODE_ENV: 'production', UPSTREAM_SIMULATOR: 'true' });
    gateway.child.kill('SIGTERM');
    await gateway.exited;
    expect(gateway.output()).toContain(
      'UPSTREAM_SIMULATOR=true in production: serving the simulator’s fake data',
    );
  });
});

describe('an upstream base URL without its version path', () => {
  let simulator: RunningSimulator;
  let started: Awaited<ReturnType<typeof startInProcess>>;
  beforeAll(async () => {
    simulator = await startSimulator({ apiKeys: [TEST_API_KEY] });
    started = await startInProcess({
      UPSTREAM_URL: simulator.baseUrl.origin,
      UPSTREAM_API_KEY: TEST_API_KEY,
    });
  });
  afterAll(async () => {
    await started.app.stop();
    await simulator.close();
  });

  it('is named at start and keeps the gateway not ready', async () => {
    expect(started.logs).toContainEqual(
      expect.objectContaining({ level: 50, msg: expect.stringMatching(/answers 404.*\/v2/) }),
    );
    const ready = await readiness(started.app);
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toMatchObject({ upstream: 'wrong_base_path' });
  });
});

describe('a configured Redis that does not answer', () => {
  let simulator: RunningSimulator;
  let silent: Server;
  beforeAll(async () => {
    simulator = await startSimulator({ apiKeys: [TEST_API_KEY] });
    // Accepts connections and never answers: the worst kind of broken Redis.
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await simulator.close();
    silent.close();
  });

  const silentPort = () => {
    const address = silent.address();
    return typeof address === 'object' && address ? address.port : 0;
  };
  it.each<[string, () => Promise<Record<string, string>>]>([
    ['refuses connections', async () => ({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` })],
    [
      'accepts connections but never answers',
      () => Promise.resolve({ REDIS_URL: `redis://127.0.0.1:${silentPort()}` }),
    ],
    [
      'is a cluster whose seed nodes refuse connections',
      async () => ({ REDIS_CLUSTER_NODES: `127.0.0.1:${await freePort()}` }),
    ],
    [
      // Not a Sentinel that never answers: node-redis's first question to it outlives destroy().
      'is Sentinel whose Sentinels refuse connections',
      async () => ({
        REDIS_SENTINELS: `127.0.0.1:${await freePort()}`,
        REDIS_SENTINEL_MASTER: 'recordings',
      }),
    ],
  ])('when it %s: warns, reports it, and costs requests no waiting', async (_, redisEnv) => {
    const { app, logs } = await startInProcess({
      UPSTREAM_URL: simulator.baseUrl.href,
      UPSTREAM_API_KEY: TEST_API_KEY,
      ...(await redisEnv()),
      CACHE_TTL_SECONDS: '60',
    });
    try {
      expect(logs).toContainEqual(
        expect.objectContaining({ level: 40, msg: expect.stringMatching(/Redis/) }),
      );
      const started = performance.now();
      for (let i = 0; i < 5; i += 1) {
        const response = await postGraphQL(
          app.gateway.url,
          '{ recordings(first: 5) { nodes { id conference { name } } } }',
        );
        expect(response.errors).toBeUndefined();
      }
      // Five requests with several cache lookups each: one Redis timeout (250 ms) at most in
      // all, where each lookup used to wait out a 2 s connection attempt.
      expect(performance.now() - started).toBeLessThan(1500);
      const ready = await readiness(app);
      expect(ready.status).toBe(200);
      expect(ready.body.checks).toMatchObject({ redis: 'unreachable' });
    } finally {
      await app.stop();
    }
  });
});
