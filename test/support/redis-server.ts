import { spawn, spawnSync } from 'node:child_process';
import { freePort } from './free-port';

export interface RunningRedis {
  readonly url: URL;
  stop(): Promise<void>;
}

/** Whether Debian's redis-server is installed (.ci/run installs it). */
export function redisAvailable(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

/**
 * `describe` where redis-server is installed, `describe.skip` where it is not; in CI (`CI=true`)
 * its absence is an error, so Redis tests never pass by being skipped there.
 */
export function describeWithRedis(): jest.Describe {
  const available = redisAvailable();
  if (!available && process.env['CI']) throw new Error('redis-server is required in CI');
  return available ? describe : describe.skip;
}

/**
 * A throwaway redis-server on loopback: no persistence, its own port (or `port`, to start it
 * again where clients expect it after a stop: it comes back empty).
 */
export async function startRedis(port?: number): Promise<RunningRedis> {
  port ??= await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start:\n${output}`)),
      10_000,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', () => reject(new Error(`redis-server exited:\n${output}`)));
  });
  return {
    url: new URL(`redis://127.0.0.1:${port}`),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
