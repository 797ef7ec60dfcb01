import 'reflect-metadata';
import { buildGatewaySchema } from '../../../src/build-schema';
import { loadConfig } from '../../../src/config/config';
import { Secret } from '../../../src/config/secret';
import { createLogger } from '../../../src/observability/logger';
import { startGateway, type RunningGateway } from '../../../src/server';

const KEY = 'contract-key-7d41';

export interface GatewayUnderTest {
  readonly gateway: RunningGateway;
  /** Every log line the gateway wrote, as JSON text. */
  readonly logs: string[];
  close(): Promise<void>;
}

/** A real gateway (HTTP on an ephemeral port) over `upstreamUrl`, with a server key and no cache. */
export async function startGatewayOn(upstreamUrl: URL): Promise<GatewayUnderTest> {
  const logs: string[] = [];
  const logger = createLogger({
    level: 'info',
    secrets: [KEY],
    destination: { write: (line: string) => logs.push(line) },
  });
  const gateway = await startGateway({
    config: loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      UPSTREAM_URL: upstreamUrl.href,
      UPSTREAM_API_KEY: KEY,
      AUTH_DISABLED: 'true',
      UPSTREAM_RETRY_BASE_MS: '5',
      UPSTREAM_BREAKER_MIN_RPS: '100000',
      CACHE_TTL_SECONDS: '0',
      CLIENT_RATE_LIMIT_PER_MINUTE: '0',
    }),
    schema: await buildGatewaySchema(),
    upstreamUrl,
    upstreamApiKey: new Secret(KEY),
    logger,
  });
  return { gateway, logs, close: () => gateway.stop() };
}
