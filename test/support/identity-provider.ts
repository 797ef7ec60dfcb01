import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

export const ISSUER = 'https://id.test.example/';
export const AUDIENCE = 'recordings-graph';

interface SigningKey {
  readonly kid: string;
  readonly alg: string;
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

export interface TokenOptions {
  readonly sub?: string;
  /** OAuth 2 `scope` claim, space-separated. */
  readonly scope?: string;
  /** Azure-style `scp` array instead. */
  readonly scp?: readonly string[];
  readonly iss?: string;
  readonly aud?: string;
  /** Seconds from now; negative for an expired token. */
  readonly expiresIn?: number;
  /** Sign with a key the provider does not publish (but under a published kid). */
  readonly forgedWith?: SigningKey;
  readonly kid?: string;
}

export interface IdentityProvider {
  /** The JWKS URL, for AUTH_JWKS_URL. */
  readonly jwksUrl: URL;
  /** How many times the key set was fetched. */
  readonly fetches: () => number;
  token(options?: TokenOptions): Promise<string>;
  /** Publishes a new key and returns it (key rotation). */
  rotate(): Promise<SigningKey>;
  /** A key pair the provider does not publish. */
  stranger(kid: string): Promise<SigningKey>;
  /** While true, the key set endpoint answers 503 (an identity-provider outage). */
  failing(on: boolean): void;
  /** Env for the gateway: AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE. */
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

async function newKey(kid: string, alg = 'RS256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, jwk };
}

/** A real identity provider for tests: a JWKS endpoint on loopback and a token mint. */
export async function startIdentityProvider(): Promise<IdentityProvider> {
  const published: SigningKey[] = [await newKey('key-1'), await newKey('key-ec', 'ES256')];
  let fetches = 0;
  let down = false;
  const server = createServer((request, response) => {
    if (request.url !== '/jwks.json') {
      response.writeHead(404).end();
      return;
    }
    fetches += 1;
    if (down) {
      response.writeHead(503).end();
      return;
    }
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ keys: published.map((key) => key.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const jwksUrl = new URL(`http://127.0.0.1:${port}/jwks.json`);

  return {
    jwksUrl,
    fetches: () => fetches,
    env: { AUTH_JWKS_URL: jwksUrl.href, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE },
    token: async (options = {}) => {
      const key = options.forgedWith ?? published[0];
      if (!key) throw new Error('no signing key');
      const claims: Record<string, unknown> = {};
      if (options.scope !== undefined) claims['scope'] = options.scope;
      if (options.scp !== undefined) claims['scp'] = options.scp;
      return new SignJWT(claims)
        .setProtectedHeader({ alg: key.alg, kid: options.kid ?? key.kid })
        .setSubject(options.sub ?? 'user-1')
        .setIssuer(options.iss ?? ISSUER)
        .setAudience(options.aud ?? AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + (options.expiresIn ?? 300))
        .sign(key.privateKey);
    },
    rotate: async () => {
      const key = await newKey(`key-${published.length + 1}`);
      published.unshift(key);
      return key;
    },
    stranger: (kid) => newKey(kid),
    failing: (on) => {
      down = on;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
