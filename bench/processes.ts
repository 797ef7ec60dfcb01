import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../test/support/free-port';

const ROOT = join(__dirname, '..');

export interface ChildServer {
  readonly child: ChildProcess;
  readonly url: URL;
  stop(): Promise<void>;
}

/** Runs a script until it prints a URL matching `ready`, so the parent knows where it listens. */
async function startChild(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<ChildServer> {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} did not start:\n${output}`)),
      20_000,
    );
    const check = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(new URL(match[1]));
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.once('exit', () => reject(new Error(`${script} exited:\n${output}`)));
  });
  return {
    child,
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface SimulatorProcess extends ChildServer {
  /** Upstream requests answered, by status, since the last reset. */
  stats(): Promise<{ requests: number; byStatus: Record<string, number> }>;
  resetStats(): Promise<void>;
}

/** The simulator in a process of its own (compiled), so it does not share the load's CPU time. */
export async function startSimulatorProcess(
  apiKey: string,
  env: Record<string, string> = {},
): Promise<SimulatorProcess> {
  const port = await freePort();
  const server = await startChild(
    join(ROOT, 'dist', 'run-simulator.js'),
    [],
    { SIMULATOR_API_KEY: apiKey, SIMULATOR_PORT: String(port), ...env },
    /Upstream simulator at (http:\/\/\S+)/,
  );
  const admin = (path: string, method = 'GET') =>
    fetch(new URL(path, server.url.origin), {
      method,
      headers: { authorization: `Bearer ${apiKey}` },
    });
  return {
    ...server,
    stats: async () =>
      (
        (await (await admin('/__admin/stats')).json()) as {
          data: { requests: number; byStatus: Record<string, number> };
        }
      ).data,
    resetStats: async () => {
      await admin('/__admin/stats', 'DELETE');
    },
  };
}

/** The floor (a minimal REST proxy making the same upstream calls) in a process of its own. */
export async function startFloorProcess(upstream: URL, apiKey: string): Promise<ChildServer> {
  return startChild(
    '-r',
    ['@swc-node/register', join(ROOT, 'bench', 'floor-process.ts')],
    { UPSTREAM_URL: upstream.href, UPSTREAM_API_KEY: apiKey },
    /floor at (http:\/\/\S+)/,
  );
}
