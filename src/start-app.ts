import { randomUUID } from 'node:crypto';
import { buildGatewaySchema } from './build-schema';
import type { Config } from './config/config';
import type { Logger } from './observability/logger';
import { createRedisStore } from './redis/redis-store';
import { Secret } from './config/secret';
import { startGateway, type RunningGateway } from './server';
import { startSimulator, type RunningSimulator } from './simulator/simulator-server';

export interface RunningApp {
  readonly gateway: RunningGateway;
  /** The embedded simulator, when no UPSTREAM_URL was configured. */
  readonly simulator: RunningSimulator | null;
  /** Drains the gateway, then stops the simulator. */
  stop(): Promise<void>;
}

/** The gateway as `npm start` runs it: on UPSTREAM_URL, or on an embedded simulator. */
export async function startApp(config: Readonly<Config>, logger: Logger): Promise<RunningApp> {
  let upstreamUrl = config.upstreamUrl;
  let upstreamApiKey = config.upstreamApiKey;
  let simulator: RunningSimulator | null = null;
  if (upstreamUrl === null) {
    // A key only this process knows, unless one was given.
    upstreamApiKey ??= new Secret(randomUUID());
    simulator = await startSimulator({ apiKeys: [upstreamApiKey.reveal()] });
    upstreamUrl = simulator.baseUrl;
    logger.info(
      { upstream: upstreamUrl.href },
      'No UPSTREAM_URL set: started the embedded upstream simulator',
    );
  }
  const redis = config.redisUrl ? createRedisStore(config.redisUrl) : null;
  if (config.redisUrl) {
    logger.info({ redis: config.redisUrl.host }, 'cache and APQ store: Redis');
  }
  const gateway = await startGateway({
    config,
    schema: await buildGatewaySchema(),
    upstreamUrl,
    upstreamApiKey,
    logger,
    ...(redis ? { cacheStore: redis.store } : {}),
  });
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
