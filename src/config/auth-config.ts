import { readFileSync } from 'node:fs';
import type { EnvReader } from './env-reader';
import type { Secret } from './secret';
import { flag, integer, text, type ConfigConcern } from './setting';
import type { UpstreamTarget } from './upstream-config';

/** End-user authentication: signed JWTs from an identity provider's key set. */
export interface AuthConfig {
  readonly jwksUrl: URL;
  readonly issuer: string;
  readonly audience: string;
  /** Asymmetric algorithms only: a shared-secret (HS*) token would let any holder of it sign. */
  readonly algorithms: readonly string[];
  readonly clockToleranceSeconds: number;
  /** After fetching the key set, how long an unknown `kid` waits before another fetch. */
  readonly jwksCooldownSeconds: number;
}

/** Who may call, from where, and what they may see. */
export interface AccessConfig {
  /** Exact origins allowed to call /graphql from a browser; null reflects any origin. */
  readonly corsOrigins: readonly string[] | null;
  /** Verify end users' JWTs (only with a server key); null: no end-user authentication. */
  readonly auth: AuthConfig | null;
  /** The explicit opt-out: a subgraph only an authenticating router can reach. */
  readonly authDisabled: boolean;
  /**
   * Refuse requests a browser sends cross-site without a preflight (GET, simple POST): only where
   * reaching the port is authority enough (AUTH_DISABLED=true with a server key).
   */
  readonly csrfPrevention: boolean;
  /** Mark fields with federation's @authenticated and @requiresScopes in the served SDL. */
  readonly federationAuthDirectives: boolean;
  /** A persisted-documents manifest; in production, only its documents run. */
  readonly trustedDocumentsPath: string | null;
  /** A router presenting it (header `x-router-secret`) gets `_service` and ftv1 traces. */
  readonly routerSecret: Secret | null;
  /** Introspection on; defaults to on outside production. */
  readonly introspection: boolean;
}

const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

const SETTINGS = {
  corsOrigins: text(
    'CORS_ORIGINS',
    'any origin reflected on the embedded simulator; none with a real upstream, whatever ' +
      '`NODE_ENV` says',
    'Comma-separated exact origins allowed to call `/graphql` from a browser, e.g. ' +
      '`https://app.example.com,http://localhost:5173`.',
  ),
  jwksUrl: text(
    'AUTH_JWKS_URL',
    'unset',
    'With `AUTH_ISSUER` and `AUTH_AUDIENCE` (all three together): verify end users’ ' +
      '`Authorization: Bearer <JWT>` against the identity provider’s key set, its issuer and this ' +
      'API’s audience. Only with a server key (`UPSTREAM_API_KEY`, or the embedded simulator). In ' +
      'production `AUTH_JWKS_URL` must be `https:` unless it is a loopback address. The last good ' +
      'key set is kept when the provider fails (readiness `jwks: stale`); failed fetches back off ' +
      'from 5 s to 60 s; with no key set at all readiness is `jwks: unavailable` and requests get ' +
      '503 `AUTH_UNAVAILABLE`.',
  ),
  issuer: text('AUTH_ISSUER', 'unset', 'The issuer (`iss`) tokens must carry.'),
  audience: text('AUTH_AUDIENCE', 'unset', 'This API’s audience (`aud`) tokens must carry.'),
  algorithms: text(
    'AUTH_ALGORITHMS',
    '`RS256,PS256,ES256,EdDSA`',
    'Accepted signature algorithms, asymmetric only.',
  ),
  clockToleranceSeconds: integer(
    'AUTH_CLOCK_TOLERANCE_SECONDS',
    5,
    0,
    300,
    'Leeway for `exp` and `nbf`.',
  ),
  jwksCooldownSeconds: integer(
    'AUTH_JWKS_COOLDOWN_SECONDS',
    30,
    0,
    3600,
    'After fetching the key set, how long a token with an unknown `kid` waits before the key set ' +
      'is fetched again (key rotation without a fetch storm).',
  ),
  authDisabled: flag(
    'AUTH_DISABLED',
    false,
    'The explicit opt-out, for a subgraph only an authenticating router can reach. ' +
      '`UPSTREAM_URL` with `UPSTREAM_API_KEY` and neither this nor the `AUTH_*` variables refuses ' +
      'to start, in any `NODE_ENV`.',
  ),
  federationAuthDirectives: flag(
    'FEDERATION_AUTH_DIRECTIVES',
    false,
    'Mark root fields and this subgraph’s types with `@authenticated` and `@requiresScopes` in ' +
      'the served SDL, for routers that enforce them.',
  ),
  trustedDocumentsPath: text(
    'TRUSTED_DOCUMENTS',
    'unset',
    'Path to a persisted-documents manifest (GraphQL Code Generator’s ' +
      '`persisted-documents.json`, or Apollo’s `apollo-persisted-query-manifest`). Requests may ' +
      'send `documentId` or `extensions.persistedQuery.sha256Hash`; in production nothing else ' +
      'runs. A file that cannot be read or is not a manifest refuses to start.',
  ),
  introspection: flag(
    'GRAPHQL_INTROSPECTION',
    true,
    'Introspection, and with it `_service` (the subgraph SDL) and federated traces (ftv1) for any ' +
      'client.',
    '`true` outside production',
  ),
  routerSecret: text(
    'ROUTER_SECRET',
    'unset',
    'A router sending it in `x-router-secret` gets `_service` and ftv1 traces in production while ' +
      'introspection is off, may ask for subscription callbacks (see ' +
      '`SUBSCRIPTION_CALLBACK_ORIGINS`), and is not held to the per-client socket cap. Configure ' +
      'your router to send the header. At least 16 characters in production.',
  ),
};
const AUTH_VARIABLES = [
  SETTINGS.jwksUrl.name,
  SETTINGS.issuer.name,
  SETTINGS.audience.name,
] as const;

export const AUTH_CONCERN: ConfigConcern = {
  title: 'Frontends, authentication and routers',
  settings: Object.values(SETTINGS),
};

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Loopback: a local identity provider or sidecar, where plain HTTP crosses no network. */
function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
}

export function readAccessConfig(
  read: EnvReader,
  target: UpstreamTarget,
  production: boolean,
): AccessConfig {
  const { auth, authDisabled } = readAuth(
    read,
    target.upstreamApiKey !== null,
    target.embeddedSimulator,
    production,
  );
  const corsOrigins = read.list(SETTINGS.corsOrigins.name);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      read.problem(
        `CORS_ORIGINS takes exact origins like https://app.example.com (got "${origin}")`,
      );
    }
  }
  const trustedDocumentsPath = read.string(SETTINGS.trustedDocumentsPath.name) ?? null;
  if (trustedDocumentsPath !== null) checkTrustedDocuments(read, trustedDocumentsPath);
  const routerSecret = read.secret(SETTINGS.routerSecret.name);
  if (production && routerSecret !== null && routerSecret.reveal().length < 16) {
    read.problem(
      'ROUTER_SECRET must be at least 16 characters in production: it opens _service, ' +
        'traces and subscription callbacks, and guesses are not rate limited',
    );
  }
  return {
    // Any origin is reflected only on the embedded simulator's fake data (local dev servers, the
    // hosted Sandbox); a real upstream gets no cross-origin browser unless CORS_ORIGINS lists it.
    corsOrigins:
      corsOrigins.length > 0 ? corsOrigins : target.embeddedSimulator && !production ? null : [],
    auth,
    authDisabled,
    // Everywhere else a request needs a bearer token no cross-site page can attach without a
    // preflight (the gateway never reads cookies), or reads only the simulator's fake data.
    csrfPrevention: authDisabled && target.upstreamApiKey !== null && !target.embeddedSimulator,
    federationAuthDirectives: read.flag(SETTINGS.federationAuthDirectives),
    trustedDocumentsPath,
    routerSecret,
    introspection: read.flag(SETTINGS.introspection, !production),
  };
}

function readAuth(
  read: EnvReader,
  serverKey: boolean,
  embeddedSimulator: boolean,
  production: boolean,
): { auth: AuthConfig | null; authDisabled: boolean } {
  const jwksUrl = read.url(SETTINGS.jwksUrl.name);
  const issuer = read.string(SETTINGS.issuer.name);
  const audience = read.string(SETTINGS.audience.name);
  const algorithms = read.list(SETTINGS.algorithms.name);
  const clockToleranceSeconds = read.int(SETTINGS.clockToleranceSeconds);
  const jwksCooldownSeconds = read.int(SETTINGS.jwksCooldownSeconds);
  const authDisabled = read.flag(SETTINGS.authDisabled);
  const given = AUTH_VARIABLES.filter((name) => read.string(name) !== undefined);
  for (const algorithm of algorithms) {
    if (!ASYMMETRIC_ALGORITHMS.includes(algorithm)) {
      read.problem(
        `AUTH_ALGORITHMS takes asymmetric algorithms only (${ASYMMETRIC_ALGORITHMS.join(', ')}); ` +
          `got "${algorithm}"`,
      );
    }
  }
  if (given.length > 0 && given.length < AUTH_VARIABLES.length) {
    const missing = AUTH_VARIABLES.filter((name) => !given.includes(name));
    read.problem(`${AUTH_VARIABLES.join(', ')} go together; missing ${missing.join(', ')}`);
  }
  const configured = jwksUrl !== null && issuer !== undefined && audience !== undefined;
  if (configured && !serverKey && !embeddedSimulator) {
    read.problem(
      'AUTH_* verify end users when the gateway holds the provider key: set UPSTREAM_API_KEY, ' +
        'or leave AUTH_* unset to forward each client’s own key',
    );
  }
  if (configured && authDisabled) read.problem('AUTH_DISABLED=true and AUTH_* exclude each other');
  // Whatever NODE_ENV says: forgetting it must not open the provider's key to anyone.
  if (serverKey && !embeddedSimulator && !configured && !authDisabled) {
    read.problem(
      'UPSTREAM_URL with UPSTREAM_API_KEY lets anyone who reaches the port read and ' +
        'delete recordings: set AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE to verify end users, ' +
        'or AUTH_DISABLED=true when only an authenticating router can reach this subgraph',
    );
  }
  if (production && jwksUrl !== null && jwksUrl.protocol !== 'https:' && !isLoopback(jwksUrl)) {
    read.problem(
      'AUTH_JWKS_URL must be https: in production (plain http: lets anyone on the way swap the ' +
        'keys that sign tokens); only a loopback address may use http:',
    );
  }
  if (authDisabled && serverKey) {
    read.warn('AUTH_DISABLED=true: anyone who reaches this port acts with the server API key');
  }
  return {
    auth: configured
      ? {
          jwksUrl,
          issuer,
          audience,
          algorithms: algorithms.length > 0 ? algorithms : ['RS256', 'PS256', 'ES256', 'EdDSA'],
          clockToleranceSeconds,
          jwksCooldownSeconds,
        }
      : null,
    authDisabled,
  };
}

/**
 * The manifest must be there and be JSON an object of documents: found at start, in the same one
 * message as every other problem (its documents are parsed when the gateway loads it).
 */
function checkTrustedDocuments(read: EnvReader, path: string): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    read.problem(`TRUSTED_DOCUMENTS names a file that cannot be read: ${path}`);
    return;
  }
  try {
    const manifest: unknown = JSON.parse(text);
    if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
      throw new Error('not an object');
    }
  } catch {
    read.problem(
      `TRUSTED_DOCUMENTS (${path}) is not a persisted-documents manifest: a JSON object of ` +
        'documents by id, or an apollo-persisted-query-manifest',
    );
  }
}
