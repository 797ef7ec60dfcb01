import 'reflect-metadata';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../src/config/config';
import { createLogger } from '../src/observability/logger';
import { startApp } from '../src/start-app';

// `npm run sandbox:screenshot [-- out.png]`: loads the development landing page in headless
// Chromium (Debian's `chromium` package, or CHROMIUM_PATH) and saves a screenshot, by default to
// ./sandbox.png. It looks at the gateway at GATEWAY_URL (e.g. the `npm start` you are running:
// GATEWAY_URL=http://localhost:4000/graphql), or, without it, starts one of its own on a free
// port and says which. Offline, Apollo's CDN cannot load, so the picture shows the page shell;
// test/integration/sandbox-and-modes.test.ts asserts its content.
const chromium = process.env['CHROMIUM_PATH'] ?? 'chromium';

async function screenshotSandbox(): Promise<void> {
  if (spawnSync(chromium, ['--version']).status !== 0) {
    throw new Error(
      `"${chromium}" was not found. Install Chromium (Debian: apt-get install chromium) or set ` +
        'CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  const out = resolve(process.argv[2] ?? 'sandbox.png');
  const given = process.env['GATEWAY_URL'];
  const app = given
    ? null
    : await startApp(loadConfig({ PORT: '0', HOST: '127.0.0.1' }), createLogger({ level: 'warn' }));
  const target = given ? new URL(given) : (app?.gateway.url ?? null);
  if (target === null) throw new Error('no gateway to look at');
  if (app) console.log(`started a gateway of its own at ${target.href} (GATEWAY_URL: yours)`);
  try {
    await promisify(execFile)(chromium, [
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
      target.href,
    ]);
    console.log(`saved ${out} (${target.href})`);
  } finally {
    await app?.stop();
  }
}

screenshotSandbox().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
