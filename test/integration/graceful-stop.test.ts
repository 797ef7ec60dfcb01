import { startSimulator } from '../../src/simulator/simulator-server';
import { postGraphQL } from '../support/graphql-client';
import { spawnGateway } from '../support/spawn-gateway';

describe('graceful stop', () => {
  it('finishes an in-flight request after SIGTERM, refuses new ones, and exits 0', async () => {
    const simulator = await startSimulator({ apiKeys: ['stop-key'], latencyMs: 800 });
    const gateway = await spawnGateway({
      UPSTREAM_URL: simulator.baseUrl.href,
      UPSTREAM_API_KEY: 'stop-key',
      AUTH_DISABLED: 'true',
      SHUTDOWN_GRACE_MS: '5000',
    });
    try {
      const inFlight = postGraphQL<{ recordings: { totalCount: number } }>(
        gateway.url,
        '{ recordings(first: 1) { totalCount } }',
      );
      // Let the request reach the upstream, then ask the process to stop.
      await new Promise((resolve) => setTimeout(resolve, 200));
      gateway.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 100));
      const late = await fetch(gateway.url, { method: 'POST' }).then(
        () => 'answered',
        () => 'refused',
      );

      const response = await inFlight;
      expect(response.data).toEqual({ recordings: { totalCount: 300 } });
      expect(late).toBe('refused');
      await expect(gateway.exited).resolves.toBe(0);
      expect(gateway.output()).toContain('draining in-flight requests');
    } finally {
      gateway.child.kill('SIGKILL');
      await simulator.close();
    }
  });
});
