import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildGatewaySchema } from '../../src/build-schema';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/observability/logger';
import { connectRedis } from '../../src/redis/redis-connection';
import { Secret } from '../../src/config/secret';
import { startGateway, type RunningGateway } from '../../src/server';
import {
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../src/simulator/simulator-server';

export const TEST_API_KEY = 'test-key-5f2c9a';

export interface StackOptions {
  /** false: the gateway forwards each client's bearer token instead of using a server key. */
  readonly serverKey?: boolean;
  /** Gateway environment, as `npm start` would read it (UPSTREAM_TIMEOUT_MS, NODE_ENV, ...). */
  readonly env?: Readonly<Record<string, string>>;
  readonly simulator?: Partial<SimulatorOptions>;
  /** A Redis for the shared cache, APQ and quotas (test/support/redis-server starts one). */
  readonly redisUrl?: URL;
  /** Another stack's simulator, for a second gateway on the same data (closed by its owner). */
  readonly sharedSimulator?: RunningSimulator;
}

export interface Stack {
  readonly simulator: RunningSimulator;
  readonly gateway: RunningGateway;
  /** Every log line the gateway wrote, as JSON text. */
  readonly logs: string[];
  close(): Promise<void>;
}

// Fast retries, and a breaker that only the breaker tests trip: tests fail upstreams on purpose.
// No cross-request cache unless a test asks for it: most tests count upstream calls per request.
const TEST_ENV = {
  PORT: '0',
  HOST: '127.0.0.1',
  UPSTREAM_RETRY_BASE_MS: '5',
  UPSTREAM_BREAKER_MIN_RPS: '100000',
  CACHE_TTL_SECONDS: '0',
  // Per-client limits have their own tests; elsewhere they would only make counts flaky.
  CLIENT_RATE_LIMIT_PER_MINUTE: '0',
};

let schema: Promise<GraphQLSchema> | undefined;

/** The simulator and a gateway on ephemeral loopback ports, talking real HTTP. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  schema ??= buildGatewaySchema();
  const simulator =
    options.sharedSimulator ??
    (await startSimulator({ apiKeys: [TEST_API_KEY], ...options.simulator }));
  const logs: string[] = [];
  const logger = createLogger({
    level: 'debug',
    secrets: [TEST_API_KEY],
    destination: { write: (line: string) => logs.push(line) },
  });
  const redis = options.redisUrl
    ? connectRedis({ kind: 'single', url: options.redisUrl }, logger)
    : null;
  await redis?.waitUntilReady(5000);
  const gateway = await startGateway({
    config: loadConfig({
      ...TEST_ENV,
      UPSTREAM_URL: simulator.baseUrl.href,
      // The server key, as a deployment configures it; end-user auth has its own tests.
      ...(options.serverKey === false
        ? {}
        : { UPSTREAM_API_KEY: TEST_API_KEY, AUTH_DISABLED: 'true' }),
      ...options.env,
    }),
    schema: await schema,
    upstreamUrl: simulator.baseUrl,
    upstreamApiKey: options.serverKey === false ? null : new Secret(TEST_API_KEY),
    logger,
    redis,
    webhookPublicKey: simulator.webhooks.keys.publicKey,
  });
  if (!options.sharedSimulator) simulator.webhooks.target = new URL('/webhooks', gateway.url);
  // The gateway probed the upstream at start; tests count from here.
  simulator.clearRequests();
  return {
    simulator,
    gateway,
    logs,
    close: async () => {
      await gateway.stop();
      await redis?.close();
      if (!options.sharedSimulator) await simulator.close();
    },
  };
}
