import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../test/support/free-port';

export interface GatewayProcess {
  readonly child: ChildProcess;
  readonly url: URL;
  /** Resident set size of the gateway process, in MiB (from /proc). */
  rssMiB(): number;
  alive(): boolean;
  /** Everything the process wrote to stdout and stderr. */
  output(): string;
  stop(): Promise<number | null>;
}

const ROOT = join(__dirname, '..');

/**
 * The environment settings and Node flags `npm start` runs the gateway with (`NAME=value node
 * --flag dist/main.js`), so benchmarks measure the same process.
 */
function startCommand(): { env: Record<string, string>; flags: string[] } {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const command = /((?:\b[A-Z_]+=\S+ )*)node ((?:--\S+ )*)dist\/main\.js/.exec(
    manifest.scripts['start'] ?? '',
  );
  if (!command) throw new Error('package.json: `start` no longer runs `node ... dist/main.js`');
  const env: Record<string, string> = {};
  for (const setting of (command[1] ?? '').split(' ').filter(Boolean)) {
    const at = setting.indexOf('=');
    env[setting.slice(0, at)] = setting.slice(at + 1);
  }
  return { env, flags: (command[2] ?? '').split(' ').filter(Boolean) };
}

/**
 * Starts the compiled gateway (`npm run build` first) as its own process, so that its memory and
 * liveness are measured apart from the load generator's.
 */
export async function startGatewayProcess(
  env: Record<string, string>,
  nodeOptions: readonly string[] = [],
  /** Keep every line the gateway writes (the soak greps them); otherwise only the first 64 KiB. */
  keepAllOutput = false,
): Promise<GatewayProcess> {
  const port = await freePort();
  const start = startCommand();
  const flags = [...start.flags, ...nodeOptions];
  const child = spawn(process.execPath, [...flags, join(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      ...start.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      // Benchmarks measure the gateway; end-user auth has a row of its own where measured.
      AUTH_DISABLED: 'true',
      // One load generator is one client: a per-client share would measure the limiter.
      CLIENT_RATE_LIMIT_PER_MINUTE: '0',
      // The 250-row scenario with two links a row may need 501 calls at worst.
      GRAPHQL_MAX_UPSTREAM_CALLS: '1000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const state = { exited: false };
  const exit = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      state.exited = true;
      resolve(code);
    }),
  );
  // Bounded by default: a benchmark's per-request log lines must not cost the load generator.
  const keep = (chunk: Buffer): void => {
    if (keepAllOutput || output.length < 65_536) output += chunk.toString();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  // Readiness by polling /health/live, not by reading logs: LOG_LEVEL may silence them.
  const url = new URL(`http://127.0.0.1:${port}/graphql`);
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (state.exited) throw new Error(`gateway exited:\n${output}`);
    const live = await fetch(new URL('/health/live', url)).then(
      (response) => response.ok,
      () => false,
    );
    if (live) break;
    if (Date.now() > deadline) throw new Error(`gateway did not start:\n${output}`);
    await sleep(100);
  }
  return {
    child,
    url,
    rssMiB: () => {
      const status = readFileSync(`/proc/${String(child.pid)}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return Math.round((kb / 1024) * 10) / 10;
    },
    alive: () => !state.exited,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      return exit;
    },
  };
}
