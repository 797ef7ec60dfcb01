import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { buildGatewaySchema } from './build-schema';
import { ConfigError, loadConfig } from './config';
import { Secret } from './secret';
import { startGateway } from './server';
import { startSimulator, type RunningSimulator } from './simulator/simulator-server';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  let upstreamUrl = config.upstreamUrl;
  let upstreamApiKey = config.upstreamApiKey;
  let simulator: RunningSimulator | null = null;

  if (upstreamUrl === null) {
    // No upstream configured: run against the embedded simulator, with a key only we know
    // unless one was given.
    upstreamApiKey ??= new Secret(randomUUID());
    simulator = await startSimulator({ apiKeys: [upstreamApiKey.reveal()] });
    upstreamUrl = simulator.baseUrl;
    console.log(
      `No UPSTREAM_URL set: started the embedded upstream simulator at ${upstreamUrl.href}`,
    );
  }

  const gateway = await startGateway({
    ...config,
    schema: await buildGatewaySchema(),
    upstreamUrl,
    upstreamApiKey,
  });
  const auth = config.upstreamApiKey
    ? 'server API key'
    : simulator
      ? 'simulator key'
      : 'client bearer tokens';
  console.log(
    `recordings-graph ready at ${gateway.url.href} (upstream ${upstreamUrl.origin}, ${auth})`,
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: draining in-flight requests`);
    void (async () => {
      await gateway.stop();
      await simulator?.close();
      process.exit(0);
    })();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
