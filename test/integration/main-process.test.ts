import { RecordingsWithConferencesDocument } from '../operations/generated';
import { execute } from '../support/graphql-client';
import { spawnGateway } from '../support/spawn-gateway';

describe('the gateway process', () => {
  it('starts on the embedded simulator without configuration, serves queries and stops cleanly on SIGTERM', async () => {
    const gateway = await spawnGateway();

    const response = await execute(gateway.url, RecordingsWithConferencesDocument, { first: 3 });
    gateway.child.kill('SIGTERM');

    expect(response.errors).toBeUndefined();
    expect(response.data?.recordings?.totalCount).toBe(300);
    expect(gateway.output()).toContain('started the embedded upstream simulator');
    await expect(gateway.exited).resolves.toBe(0);
  });

  it('refuses to start with invalid configuration, naming the variable', async () => {
    await expect(spawnGateway({ UPSTREAM_TIMEOUT_MS: 'soon' })).rejects.toThrow(
      /UPSTREAM_TIMEOUT_MS must be an integer/,
    );
  });
});
