import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { freePort } from './free-port';

const run = promisify(execFile);

export interface RunningRedis {
  readonly url: URL;
  stop(): Promise<void>;
  /** SIGKILL, as a crash. */
  crash(): Promise<void>;
  /** A new, empty server on the same port. */
  restart(): Promise<void>;
}

/** Whether Debian's redis-server and redis-cli are installed (.ci/run installs them). */
export function redisAvailable(): boolean {
  return (
    spawnSync('redis-server', ['--version']).status === 0 &&
    spawnSync('redis-cli', ['--version']).status === 0
  );
}

/**
 * `describe` where redis-server is installed, `describe.skip` where it is not; in CI (`CI=true`)
 * its absence is an error, so Redis tests never pass by being skipped there.
 */
export function describeWithRedis(): jest.Describe {
  const available = redisAvailable();
  if (!available && process.env['CI']) {
    throw new Error('redis-server and redis-cli are required in CI');
  }
  return available ? describe : describe.skip;
}

export interface RedisProcess {
  readonly port: number;
  readonly child: ChildProcess;
  /** SIGTERM; resolves once it exited. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash: no goodbye to clients or to the cluster. */
  kill(): Promise<void>;
}

/**
 * One redis-server (or, with `--sentinel` among `args`, a Sentinel) on loopback at `port`, no
 * persistence; resolves once it accepts connections.
 */
export async function spawnRedis(
  port: number,
  args: readonly string[] = [],
  cwd?: string,
): Promise<RedisProcess> {
  const child = spawn(
    'redis-server',
    [...args, '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start:\n${output}`)),
      10_000,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/Ready to accept connections|Sentinel ID is/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => reject(new Error(`redis-server exited:\n${output}`)));
  });
  const signal = (name: NodeJS.Signals) => async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { port, child, stop: signal('SIGTERM'), kill: signal('SIGKILL') };
}

/**
 * A throwaway redis-server on loopback: no persistence, its own port (or `port`, to start it
 * again where clients expect it after a stop: it comes back empty).
 */
export async function startRedis(port?: number): Promise<RunningRedis> {
  let server = await spawnRedis(port ?? (await freePort()));
  return {
    url: new URL(`redis://127.0.0.1:${server.port}`),
    stop: () => server.stop(),
    crash: () => server.kill(),
    restart: async () => {
      server = await spawnRedis(server.port);
    },
  };
}

/** redis-cli against a port on loopback; its output, trimmed. Rejects when it fails. */
export async function redisCli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  return stdout.trim();
}

/** Polls `check` until it is true, or throws `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // Not yet.
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
