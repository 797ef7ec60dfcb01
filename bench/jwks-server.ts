import { startIdentityProvider } from '../test/support/identity-provider';

/** An identity provider for the JWT row: a JWKS on loopback and tokens it signed. */
export async function startJwksServer() {
  const idp = await startIdentityProvider();
  return {
    env: idp.env,
    token: (scope: string, sub = 'user-1') => idp.token({ scope, sub, expiresIn: 3600 }),
    stop: () => idp.stop(),
  };
}
