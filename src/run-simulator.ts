import { loadSimulatorConfig } from './config/config';
import { startSimulator } from './simulator/simulator-server';

/** `npm run simulator`: the simulated upstream on its own, for exploring the REST side. */
async function runSimulator(): Promise<void> {
  const config = loadSimulatorConfig(process.env);
  const simulator = await startSimulator({
    apiKeys: [config.apiKey.reveal()],
    host: config.host,
    port: config.port,
    latencyMs: config.latencyMs,
    ...(config.rateLimit ? { rateLimit: config.rateLimit } : {}),
    ...(config.maxConcurrency === null ? {} : { maxConcurrency: config.maxConcurrency }),
    // Long runs only need counters (GET /__admin/stats), not a log of every request.
    recordRequests: false,
    webhookUrl: config.webhookUrl,
    newRecordingEveryMs: config.newRecordingEveryMs,
  });
  console.log(
    `Upstream simulator at ${simulator.baseUrl.href} (Bearer key from SIMULATOR_API_KEY, ` +
      `default "simulator-key"; ${simulator.dataset.recordings.length} recordings)`,
  );
  console.log(
    `Webhooks: ${config.webhookUrl?.href ?? 'none (SIMULATOR_WEBHOOK_URL)'}, signed with ` +
      `WEBHOOK_PUBLIC_KEY=${simulator.webhooks.keys.publicKey}`,
  );
  process.on('SIGTERM', () => void simulator.close().then(() => process.exit(0)));
  process.on('SIGINT', () => void simulator.close().then(() => process.exit(0)));
}

runSimulator().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
