import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildGatewaySchema } from '../src/build-schema';
import { Secret } from '../src/secret';
import { startGateway } from '../src/server';
import { startSimulator } from '../src/simulator/simulator-server';

// `npm run sandbox:screenshot [out.png]`: loads the development landing page in headless Chromium
// (Debian's `chromium` package) and saves a screenshot. Offline, Apollo's CDN cannot load, so the
// picture shows the page shell; test/integration/sandbox-and-modes.test.ts asserts its content.
async function screenshotSandbox(): Promise<void> {
  const out = process.argv[2] ?? join(mkdtempSync(join(tmpdir(), 'sandbox-')), 'sandbox.png');
  const key = new Secret('screenshot-key');
  const simulator = await startSimulator({ apiKeys: [key.reveal()] });
  const gateway = await startGateway({
    schema: await buildGatewaySchema(),
    port: 0,
    host: '127.0.0.1',
    upstreamUrl: simulator.baseUrl,
    upstreamApiKey: key,
    upstreamTimeoutMs: 5000,
    upstreamConcurrency: 8,
    upstreamMaxConnections: 8,
    production: false,
  });
  try {
    await promisify(execFile)('chromium', [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${mkdtempSync(join(tmpdir(), 'chromium-'))}`,
      '--window-size=1280,800',
      '--virtual-time-budget=3000',
      `--screenshot=${out}`,
      gateway.url.href,
    ]);
    console.log(`saved ${out} (${gateway.url.href})`);
  } finally {
    await gateway.stop();
    await simulator.close();
  }
}

screenshotSandbox().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
