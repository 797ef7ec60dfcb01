import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

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
 * Starts the compiled gateway (`npm run build` first) as its own process, so that its memory and
 * liveness are measured apart from the load generator's.
 */
export async function startGatewayProcess(
  env: Record<string, string>,
  nodeOptions: readonly string[] = [],
  /** Keep every line the gateway writes (the soak greps them); otherwise only the first 64 KiB. */
  keepAllOutput = false,
): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [...nodeOptions, join(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exited = false;
  const exit = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exited = true;
      resolve(code);
    }),
  );
  // Bounded by default: a benchmark's per-request log lines must not cost the load generator.
  const keep = (chunk: Buffer): void => {
    if (keepAllOutput || output.length < 65_536) output += chunk.toString();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output}`)), 20_000);
    child.stdout.on('data', () => {
      const match = /ready at (http:\/\/\S+\/graphql)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(new URL(match[1]));
      }
    });
    void exit.then(() => reject(new Error(`gateway exited:\n${output}`)));
  });
  return {
    child,
    url,
    rssMiB: () => {
      const status = readFileSync(`/proc/${String(child.pid)}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return Math.round((kb / 1024) * 10) / 10;
    },
    alive: () => !exited,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      return exit;
    },
  };
}
