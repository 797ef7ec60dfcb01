import { postGraphQL, errorCodes } from '../support/graphql-client';
import { startIdentityProvider, type IdentityProvider } from '../support/identity-provider';
import { startStack, type Stack } from '../support/start-stack';

const QUERY = '{ recordings(first: 1) { edges { node { id } } } }';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readiness(
  stack: Stack,
): Promise<{ status: number; checks: Record<string, string> }> {
  const response = await fetch(new URL('/health/ready', stack.gateway.url));
  const body = (await response.json()) as { checks: Record<string, string> };
  return { status: response.status, checks: body.checks };
}

describe('an identity-provider outage', () => {
  let identity: IdentityProvider;
  beforeEach(async () => {
    identity = await startIdentityProvider();
  });
  afterEach(() => identity.stop());

  it('keeps verifying with the last good keys, and unknown kids cost a few fetches at most', async () => {
    const stack = await startStack({
      env: { ...identity.env, AUTH_DISABLED: 'false', AUTH_JWKS_COOLDOWN_SECONDS: '0' },
    });
    try {
      const before = await postGraphQL(
        stack.gateway.url,
        QUERY,
        {},
        {
          headers: {
            authorization: `Bearer ${await identity.token({ scope: 'recordings:read' })}`,
          },
        },
      );
      expect(before.errors).toBeUndefined();
      expect((await readiness(stack)).checks['jwks']).toBe('ok');

      identity.failing(true);
      const fetchesAtOutage = identity.fetches();
      // 300 tokens naming a key nobody published: each would make jose refetch.
      const stranger = await identity.stranger('rotated-in-maybe');
      const unknown = await Promise.all(
        Array.from({ length: 300 }, async (_, i) =>
          postGraphQL(
            stack.gateway.url,
            QUERY,
            {},
            {
              headers: {
                authorization: `Bearer ${await identity.token({ forgedWith: stranger, sub: `u${i}` })}`,
              },
            },
          ),
        ),
      );
      expect(unknown.every((answer) => answer.status === 401)).toBe(true);
      expect(identity.fetches() - fetchesAtOutage).toBeLessThanOrEqual(3);

      // A user the gateway has not seen yet, with a token signed by a known key: still verified.
      const fresh = await postGraphQL(
        stack.gateway.url,
        QUERY,
        {},
        {
          headers: {
            authorization: `Bearer ${await identity.token({ scope: 'recordings:read', sub: 'new-user' })}`,
          },
        },
      );
      expect(fresh.status).toBe(200);
      expect(fresh.errors).toBeUndefined();
      const ready = await readiness(stack);
      expect(ready.checks['jwks']).toBe('stale');
      expect(ready.status).toBe(200);
      expect(stack.logs.join('\n')).toMatch(/access token refused/);
    } finally {
      await stack.close();
    }
  });

  it('answers 503 AUTH_UNAVAILABLE, not 401, when no key set could ever be fetched', async () => {
    identity.failing(true);
    const stack = await startStack({ env: { ...identity.env, AUTH_DISABLED: 'false' } });
    try {
      const token = await identity.token({ scope: 'recordings:read' });
      const answer = await postGraphQL(
        stack.gateway.url,
        QUERY,
        {},
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      expect(answer.status).toBe(503);
      expect(errorCodes(answer)).toEqual(['AUTH_UNAVAILABLE']);
      const ready = await readiness(stack);
      expect(ready.status).toBe(503);
      expect(ready.checks['jwks']).toBe('unavailable');

      // Back: after its backoff (5 s at first), the gateway fetches again and verifies.
      identity.failing(false);
      let after = answer;
      for (let i = 0; i < 40 && after.status !== 200; i += 1) {
        await pause(250);
        after = await postGraphQL(
          stack.gateway.url,
          QUERY,
          {},
          {
            headers: { authorization: `Bearer ${token}` },
          },
        );
      }
      expect(after.status).toBe(200);
      expect((await readiness(stack)).checks['jwks']).toBe('ok');
    } finally {
      await stack.close();
    }
  });
});
