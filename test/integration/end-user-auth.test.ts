import { SignJWT } from 'jose';
import { errorCodes, postGraphQL } from '../support/graphql-client';
import {
  AUDIENCE,
  ISSUER,
  startIdentityProvider,
  type IdentityProvider,
} from '../support/identity-provider';
import { spawnGateway } from '../support/spawn-gateway';
import { startStack, TEST_API_KEY, type Stack } from '../support/start-stack';

const READ = 'recordings:read';
const DELETE = 'recordings:delete';
const CONTROL = 'recordings:control';

describe('end-user authentication in front of a server key', () => {
  let idp: IdentityProvider;
  let stack: Stack;
  beforeAll(async () => {
    idp = await startIdentityProvider();
    stack = await startStack({
      env: { NODE_ENV: 'production', AUTH_DISABLED: 'false', ...idp.env },
    });
  });
  afterAll(async () => {
    await stack.close();
    await idp.stop();
  });
  beforeEach(() => stack.simulator.clearRequests());

  const id = () => stack.simulator.dataset.recordings[5]?.id ?? '';
  const read = (authorization?: string) =>
    postGraphQL(
      stack.gateway.url,
      'query ($id: ID!) { recording(id: $id) { id } }',
      { id: id() },
      authorization === undefined ? {} : { headers: { authorization } },
    );

  it('answers a token with the read scope, using the server key upstream', async () => {
    const response = await read(`Bearer ${await idp.token({ scope: `${READ} openid` })}`);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ recording: { id: id() } });
    // The simulator accepts only the server key: a forwarded JWT would have been a 401.
    expect(stack.simulator.requests.map((request) => request.status)).toEqual([200]);
    expect(response.text).not.toContain(TEST_API_KEY);
  });

  it('reads scopes from an `scp` array too', async () => {
    const response = await read(`Bearer ${await idp.token({ scp: [READ] })}`);
    expect(response.errors).toBeUndefined();
  });

  it.each<[string, () => Promise<string | undefined>]>([
    ['no token', () => Promise.resolve(undefined)],
    ['garbage', () => Promise.resolve('Bearer not.a.jwt')],
    [
      'a non-bearer scheme',
      () => Promise.resolve(`Basic ${Buffer.from('a:b').toString('base64')}`),
    ],
    [
      'a forged signature under a published kid',
      async () =>
        `Bearer ${await idp.token({ scope: READ, forgedWith: await idp.stranger('key-1') })}`,
    ],
    [
      'an unknown key',
      async () =>
        `Bearer ${await idp.token({ scope: READ, forgedWith: await idp.stranger('key-zz') })}`,
    ],
    [
      'the wrong issuer',
      async () => `Bearer ${await idp.token({ scope: READ, iss: 'https://evil/' })}`,
    ],
    ['the wrong audience', async () => `Bearer ${await idp.token({ scope: READ, aud: 'other' })}`],
    ['an expired token', async () => `Bearer ${await idp.token({ scope: READ, expiresIn: -60 })}`],
    [
      'a shared-secret (HS256) token',
      async () =>
        `Bearer ${await new SignJWT({ scope: READ })
          .setProtectedHeader({ alg: 'HS256', kid: 'key-1' })
          .setSubject('user-1')
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode('a-shared-secret-of-32-bytes-long!'))}`,
    ],
    [
      'an unsigned (alg none) token',
      () => {
        const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
        const exp = Math.floor(Date.now() / 1000) + 300;
        return Promise.resolve(
          `Bearer ${part({ alg: 'none' })}.${part({ sub: 'x', iss: ISSUER, aud: AUDIENCE, exp, scope: READ })}.`,
        );
      },
    ],
  ])('refuses %s with 401 UNAUTHENTICATED and no upstream call', async (_, authorization) => {
    const response = await read(await authorization());
    expect(response.status).toBe(401);
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    // The same words whatever went wrong: no oracle for forging tokens.
    expect(response.errors?.[0]?.message).toBe(
      'A valid access token is required: send "Authorization: Bearer <token>".',
    );
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it('sends WWW-Authenticate with a 401', async () => {
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ recordings(first: 1) { totalCount } }' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses a delete with a read-only token as FORBIDDEN naming the scope, leaving the upstream untouched', async () => {
    const target = stack.simulator.dataset.recordings[7]?.id ?? '';
    const response = await postGraphQL(
      stack.gateway.url,
      'mutation ($id: ID!) { deleteRecording(id: $id) { id } }',
      { id: target },
      { headers: { authorization: `Bearer ${await idp.token({ scope: READ })}` } },
    );
    expect(response.status).toBe(403);
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      requiredScopes: DELETE,
    });
    expect(response.errors?.[0]?.message).toContain(DELETE);
    expect(stack.simulator.requests).toHaveLength(0);
    expect(stack.simulator.dataset.recordings.some((r) => r.id === target)).toBe(true);
  });

  it('refuses a read with a delete-only token, and deletes with the delete scope', async () => {
    const deleteOnly = `Bearer ${await idp.token({ scope: DELETE })}`;
    expect(errorCodes(await read(deleteOnly))).toEqual(['FORBIDDEN']);
    const target = stack.simulator.dataset.recordings[8]?.id ?? '';
    const response = await postGraphQL(
      stack.gateway.url,
      'mutation ($id: ID!) { deleteRecording(id: $id) { id } }',
      { id: target },
      { headers: { authorization: deleteOnly } },
    );
    expect(response.errors).toBeUndefined();
    expect(stack.simulator.dataset.recordings.some((r) => r.id === target)).toBe(false);
  });

  it('refuses recording control without recordings:control (delete does not grant it), with no upstream call', async () => {
    const conferenceId = stack.simulator.dataset.conferences[0]?.id ?? '';
    const start = (scope: string) =>
      idp
        .token({ scope })
        .then((token) =>
          postGraphQL(
            stack.gateway.url,
            'mutation ($id: ID!) { startConferenceRecording(conferenceId: $id) { ok } }',
            { id: conferenceId },
            { headers: { authorization: `Bearer ${token}` } },
          ),
        );
    for (const scope of [READ, DELETE, `${READ} ${DELETE}`]) {
      const response = await start(scope);
      expect(response.status).toBe(403);
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'FORBIDDEN',
        requiredScopes: CONTROL,
      });
    }
    expect(stack.simulator.requests).toHaveLength(0);

    const controlled = await start(CONTROL);
    expect(controlled.errors).toBeUndefined();
    expect(controlled.data).toEqual({ startConferenceRecording: { ok: true } });
    const stop = await postGraphQL(
      stack.gateway.url,
      'mutation ($id: ID!) { stopConferenceRecording(conferenceId: $id) { ok } }',
      { id: conferenceId },
      { headers: { authorization: `Bearer ${await idp.token({ scope: CONTROL })}` } },
    );
    expect(stop.errors).toBeUndefined();
  });

  it('does not let recordings:control delete', async () => {
    const response = await postGraphQL(
      stack.gateway.url,
      'mutation ($id: ID!) { deleteRecording(id: $id) { id } }',
      { id: id() },
      { headers: { authorization: `Bearer ${await idp.token({ scope: `${READ} ${CONTROL}` })}` } },
    );
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      requiredScopes: DELETE,
    });
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it('answers __typename without a token: it reads nothing', async () => {
    const response = await postGraphQL(stack.gateway.url, '{ __typename }');
    expect(response.data).toEqual({ __typename: 'Query' });
  });

  it('does not refetch the key set for every unknown kid', async () => {
    await read(`Bearer ${await idp.token({ scope: READ })}`);
    const before = idp.fetches();
    for (let i = 0; i < 5; i += 1) {
      const forged = await idp.stranger(`unknown-${i}`);
      await read(`Bearer ${await idp.token({ scope: READ, forgedWith: forged })}`);
    }
    // Within the cooldown (30 s by default) unknown kids cost no fetch at all.
    expect(idp.fetches() - before).toBe(0);
  });
});

describe('key rotation at the identity provider', () => {
  it('accepts a token signed with a newly published key (refetch on an unknown kid)', async () => {
    const idp = await startIdentityProvider();
    const stack = await startStack({
      env: { AUTH_DISABLED: 'false', AUTH_JWKS_COOLDOWN_SECONDS: '0', ...idp.env },
    });
    try {
      const query = '{ recordings(first: 1) { totalCount } }';
      const first = await postGraphQL(
        stack.gateway.url,
        query,
        {},
        {
          headers: { authorization: `Bearer ${await idp.token({ scope: READ })}` },
        },
      );
      expect(first.errors).toBeUndefined();
      const rotated = await idp.rotate();
      const second = await postGraphQL(
        stack.gateway.url,
        query,
        {},
        {
          headers: {
            authorization: `Bearer ${await idp.token({ scope: READ, forgedWith: rotated })}`,
          },
        },
      );
      expect(second.errors).toBeUndefined();
      expect(idp.fetches()).toBe(2);
    } finally {
      await stack.close();
      await idp.stop();
    }
  });
});

describe('a production server key without end-user authentication', () => {
  it('refuses to start, naming the AUTH_ variables', async () => {
    await expect(
      spawnGateway({
        NODE_ENV: 'production',
        UPSTREAM_URL: 'http://127.0.0.1:9/v2',
        UPSTREAM_API_KEY: 'server-key',
      }),
    ).rejects.toThrow(/AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE.*AUTH_DISABLED=true/s);
  });
});
