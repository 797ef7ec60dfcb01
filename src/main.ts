import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config';
import { createLogger } from './observability/logger';
import { startTracing } from './observability/tracing-setup';
import { limitHeapGrowth } from './runtime/heap-growth';
import { startApp } from './start-app';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  limitHeapGrowth(config.heapGrowthPercent);
  // Before the logger: its lines carry trace ids only when tracing is on.
  const tracing = startTracing(process.env);
  const logger = createLogger({
    level: config.logLevel,
    pretty: config.logFormat === 'pretty',
    secrets: config.upstreamApiKey ? [config.upstreamApiKey.reveal()] : [],
  });
  for (const warning of config.warnings) logger.warn(warning);
  if (tracing) logger.info({ exporters: tracing.exporters }, 'OpenTelemetry tracing is on');
  const app = await startApp(config, logger);
  const auth = config.upstreamApiKey
    ? 'server API key'
    : app.simulator
      ? 'simulator key'
      : 'client bearer tokens';
  logger.info(
    { url: app.gateway.url.href, upstreamAuth: auth },
    `recordings-graph ready at ${app.gateway.url.href}`,
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining in-flight requests');
    void app
      .stop()
      // The spans still buffered go out before the process does.
      .then(() => tracing?.shutdown())
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
