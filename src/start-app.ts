import { randomUUID } from 'node:crypto';
import { buildGatewaySchema } from './build-schema';
import type { Config } from './config/config';
import { Secret } from './config/secret';
import type { Logger } from './observability/logger';
import type { RedisConnection } from './redis/redis-connection';
import { startGateway, type RunningGateway } from './server';
import type { RunningSimulator } from './simulator/simulator-server';

type SimulatorModule = typeof import('./simulator/simulator-server');
type RedisModule = typeof import('./redis/redis-connection');

export interface RunningApp {
  readonly gateway: RunningGateway;
  /** The embedded simulator, when no UPSTREAM_URL was configured. */
  readonly simulator: RunningSimulator | null;
  /** Drains the gateway, then stops the simulator. */
  stop(): Promise<void>;
}

/** How long start waits for Redis before going on without it (and saying so). */
const REDIS_START_WAIT_MS = 1500;

/** The gateway as `npm start` runs it: on UPSTREAM_URL, or on an embedded simulator. */
export async function startApp(config: Readonly<Config>, logger: Logger): Promise<RunningApp> {
  let upstreamUrl = config.upstreamUrl;
  let upstreamApiKey = config.upstreamApiKey;
  let simulator: RunningSimulator | null = null;
  if (config.embeddedSimulator || upstreamUrl === null) {
    // A key only this process knows, unless one was given.
    upstreamApiKey ??= new Secret(randomUUID());
    // Loaded only here: a production process never holds the simulator's code and seed data.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, in CommonJS
    const { startSimulator } = require('./simulator/simulator-server') as SimulatorModule;
    simulator = await startSimulator({
      apiKeys: [upstreamApiKey.reveal()],
      port: config.simulatorPort,
      newRecordingEveryMs: config.simulatorNewRecordingEveryMs,
    });
    upstreamUrl = simulator.baseUrl;
    logger.info(
      { upstream: upstreamUrl.href },
      'No UPSTREAM_URL set: started the embedded upstream simulator (fake data)',
    );
  }
  let redis: RedisConnection | null = null;
  if (config.redis) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only with Redis configured
    const { connectRedis } = require('./redis/redis-connection') as RedisModule;
    redis = connectRedis(config.redis, logger);
    const ready = await redis.waitUntilReady(REDIS_START_WAIT_MS);
    const state = await redis.state();
    if (state !== 'misconfigured') {
      // A misconfigured topology was said at error already, in words.
      logger[ready ? 'info' : 'warn'](
        { topology: config.redis.kind },
        ready
          ? 'cache, APQ, client quotas, pacing, webhook dedupe and live events: shared in Redis'
          : 'Redis is configured but unreachable: starting without it, retrying; readiness reports it',
      );
    }
  }
  const gateway = await startGateway({
    config,
    schema: await buildGatewaySchema({ authDirectives: config.federationAuthDirectives }),
    upstreamUrl,
    upstreamApiKey,
    logger,
    redis,
    // The embedded provider signs its webhooks with a key of its own: trust it.
    webhookPublicKey: config.webhookPublicKey ?? simulator?.webhooks.keys.publicKey ?? null,
  });
  if (simulator) {
    simulator.webhooks.target = new URL('/webhooks', gateway.url);
    if (config.simulatorNewRecordingEveryMs > 0) {
      logger.info(
        { everyMs: config.simulatorNewRecordingEveryMs },
        'the embedded simulator saves a new recording regularly (subscribe to recordingSaved)',
      );
    }
  }
  return {
    gateway,
    simulator,
    stop: async () => {
      await gateway.stop();
      await redis?.close();
      await simulator?.close();
    },
  };
}
