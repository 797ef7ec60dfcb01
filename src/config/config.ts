import { readFileSync } from 'node:fs';
import { EnvReader, type Env } from './env-reader';
import { Secret } from './secret';
import { readLiveConfig, type LiveConfig } from './live-config';
import { readRedisTopology, type RedisTopology } from './redis-config';

export { ConfigError } from './env-reader';

export type NodeEnv = 'development' | 'production' | 'test';

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

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly nodeEnv: NodeEnv;
  readonly production: boolean;
  /** Upstream base URL including `/v2`; null with `embeddedSimulator`. */
  readonly upstreamUrl: URL | null;
  /** Start the embedded simulator (fake data): the default in development, explicit in production. */
  readonly embeddedSimulator: boolean;
  /** Server-side key; null forwards each client's own bearer token. */
  readonly upstreamApiKey: Secret | null;
  /** Deadline of one upstream HTTP attempt, counted from when it is on the wire. */
  readonly upstreamTimeoutMs: number;
  /** Longest one logical upstream call may take, retries and backoff included. */
  readonly upstreamDeadlineMs: number;
  /** Every GraphQL request is answered by then; its upstream calls inherit it. */
  readonly requestDeadlineMs: number;
  readonly upstreamRetries: number;
  readonly upstreamRetryBaseMs: number;
  /** Retries allowed per first attempt over ten seconds (0.1: at most 10% extra traffic). */
  readonly upstreamRetryBudget: number;
  /** Share of calls failing by the upstream's fault (in the window) that opens the breaker. */
  readonly upstreamBreakerFailureRate: number;
  /** Calls per second below which the breaker never opens. */
  readonly upstreamBreakerMinRps: number;
  readonly upstreamBreakerWindowMs: number;
  readonly upstreamBreakerHalfOpenMs: number;
  /** Bounds of the adaptive limit on upstream requests in flight, per process. */
  readonly upstreamMinConcurrency: number;
  readonly upstreamMaxConcurrency: number;
  /** Concurrent upstream requests one GraphQL request may have in flight. */
  readonly upstreamConcurrency: number;
  /** Keep-alive sockets to the upstream, per process: at least the largest concurrency. */
  readonly upstreamMaxConnections: number;
  /** A provider answer larger than this is refused (UPSTREAM_BAD_RESPONSE), not buffered. */
  readonly upstreamMaxResponseBytes: number;
  /** The provider's limit per key when the operator knows it; otherwise learned from headers. */
  readonly upstreamRateLimit: { readonly limit: number; readonly windowSeconds: number } | null;
  /** GraphQL requests running at once; beyond, 503 OVERLOADED. */
  readonly admissionMaxConcurrent: number;
  /** Upstream queueing delay beyond which new requests are shed (for 100 ms running). */
  readonly admissionQueueDelayMs: number;
  /** Event-loop delay (p99 over 100 ms) beyond which the admission limit shrinks. */
  readonly admissionEventLoopDelayMs: number;
  /** Longest a request waits at the door for a place before 503 OVERLOADED. */
  readonly admissionQueueTimeoutMs: number;
  /** Introspection on; defaults to on outside production. */
  readonly introspection: boolean;
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxTokens: number;
  /** Objects one HTTP request may ask for (every batched operation together). */
  readonly maxCost: number;
  /** Upstream calls one HTTP request may cause at worst (every batched operation together). */
  readonly maxUpstreamCalls: number;
  /** Representations one `_entities` request may carry. */
  readonly maxEntities: number;
  /** Operations one HTTP request may batch; 1 turns batching off. */
  readonly maxBatch: number;
  readonly maxBodyBytes: number;
  /** Upstream calls one client (credential, user or address) may cause per minute; 0: no limit. */
  readonly clientRateLimitPerMinute: number;
  /** Express `trust proxy`: which proxies' X-Forwarded-For names the client address. */
  readonly trustProxy: boolean | number | string;
  /** How long a registered automatic persisted query is kept. */
  readonly apqTtlSeconds: number;
  /** Size of the in-memory APQ store (LRU). */
  readonly apqMaxMegabytes: number;
  /** A router presenting it (header `x-router-secret`) gets `_service` and ftv1 traces. */
  readonly routerSecret: Secret | null;
  /** Apollo Router's HTTP callback protocol for subscriptions; null: off (no ROUTER_SECRET). */
  readonly subscriptionCallback: SubscriptionCallbackConfig | null;
  /** Metrics on their own port (internal); null: on the main port. */
  readonly metricsPort: number | null;
  /** The address the metrics port binds (METRICS_HOST, default HOST). */
  readonly metricsHost: string;
  /** Operation names that get their own metrics label; others are `other`. */
  readonly metricsOperations: readonly string[];
  /** Queries of documents Apollo already validated run without its request pipeline. */
  readonly directExecution: boolean;
  /** How far past the live heap V8 may let the old generation grow (percent); 0: V8's choice. */
  readonly heapGrowthPercent: number;
  /** Longest time to receive one HTTP request, headers and body. */
  readonly httpRequestTimeoutMs: number;
  readonly httpHeadersTimeoutMs: number;
  readonly httpKeepAliveTimeoutMs: number;
  /** Most open client connections; more are refused. */
  readonly httpMaxConnections: number;
  /** TTL of cached final data (completed recordings, ended conferences); 0 turns the cache off. */
  readonly cacheTtlSeconds: number;
  /** TTL of cached changing data (list pages, running conferences); 0: not cached. */
  readonly cacheMutableTtlSeconds: number;
  readonly cacheMaxMegabytes: number;
  /** With it, the cache, APQ, quotas, pacing, dedupe and live events are shared by replicas. */
  readonly redis: RedisTopology | null;
  /** How long SIGTERM waits for in-flight requests before closing connections. */
  readonly shutdownGraceMs: number;
  readonly logLevel: string;
  readonly logFormat: 'json' | 'pretty';
  /** Benchmark baseline: loaders without batching or caching (BENCH_NAIVE_LOADERS). */
  readonly benchNaiveLoaders: boolean;
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
  /** Brotli/gzip for GraphQL answers over about 1 KB. */
  readonly compression: boolean;
  /** A persisted-documents manifest; in production, only its documents run. */
  readonly trustedDocumentsPath: string | null;
  /** The provider's webhook signing key (standard base64 of the raw 32-byte Ed25519 key). */
  readonly webhookPublicKey: string | null;
  /** Deliveries signed further than this from now are refused (replays). */
  readonly webhookToleranceSeconds: number;
  readonly webhookMaxBodyBytes: number;
  /** How long an event id is remembered: the provider's retry window. */
  readonly webhookDedupeSeconds: number;
  readonly live: LiveConfig;
  readonly subscriptionsMaxConnections: number;
  readonly subscriptionsPerConnection: number;
  /** WebSocket connections one client (user, forwarded key or address) may hold. */
  readonly subscriptionsPerClient: number;
  /** Subscribe messages one connection may send per minute; past it the socket is closed (4429). */
  readonly subscriptionsSubscribesPerMinute: number;
  /** graphql-ws pings idle sockets this often; 0 never. */
  readonly subscriptionsKeepAliveMs: number;
  /** The embedded simulator saves a new recording this often (signed webhooks follow); 0 never. */
  readonly simulatorNewRecordingEveryMs: number;
  /** The embedded simulator's port on 127.0.0.1 (SIMULATOR_PORT); 0: a free one. */
  readonly simulatorPort: number;
  /** Settings that work but deserve a look, logged at start. */
  readonly warnings: readonly string[];
}

/** Where and how the router's subscription callbacks may go. */
export interface SubscriptionCallbackConfig {
  /** Exact origins a callback URL may have (SUBSCRIPTION_CALLBACK_ORIGINS); none: no callbacks. */
  readonly origins: readonly string[];
  /** Callback subscriptions running at once, per process. */
  readonly maxActive: number;
  /** The shortest heartbeat interval accepted (0, no heartbeat, is always accepted). */
  readonly minHeartbeatMs: number;
  /** How long one POST to the router may take before it counts as failed. */
  readonly timeoutMs: number;
}

export interface SimulatorConfig {
  readonly port: number;
  readonly host: string;
  readonly apiKey: Secret;
  readonly latencyMs: number;
  /** `50/1s`: the provider's per-key rate limit, with its headers and 429s. */
  readonly rateLimit: { readonly limit: number; readonly windowSeconds: number } | null;
  readonly maxConcurrency: number | null;
  /** Where to POST signed webhooks (the gateway's /webhooks); none by default. */
  readonly webhookUrl: URL | null;
  readonly newRecordingEveryMs: number;
}

const NODE_ENVS: readonly NodeEnv[] = ['development', 'production', 'test'];
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
const AUTH_VARIABLES = ['AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE'] as const;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Loopback: a local identity provider or sidecar, where plain HTTP crosses no network. */
function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
}

function readAuth(
  read: EnvReader,
  serverKey: boolean,
  embeddedSimulator: boolean,
  production: boolean,
): { auth: AuthConfig | null; authDisabled: boolean } {
  const jwksUrl = read.url('AUTH_JWKS_URL');
  const issuer = read.string('AUTH_ISSUER');
  const audience = read.string('AUTH_AUDIENCE');
  const algorithms = read.list('AUTH_ALGORITHMS');
  const clockToleranceSeconds = read.integer('AUTH_CLOCK_TOLERANCE_SECONDS', 5, 0, 300);
  const jwksCooldownSeconds = read.integer('AUTH_JWKS_COOLDOWN_SECONDS', 30, 0, 3600);
  const authDisabled = read.boolean('AUTH_DISABLED', false);
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

function trustProxy(read: EnvReader, production: boolean): boolean | number | string {
  const raw = read.string('TRUST_PROXY');
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') {
    // Every hop trusted: the client writes X-Forwarded-For, so it picks its own rate-limit bucket.
    if (production) {
      read.problem(
        'TRUST_PROXY=true trusts every X-Forwarded-For hop, so clients choose their own address: ' +
          'set the number of proxies in front (TRUST_PROXY=1 behind one load balancer) or their ' +
          'subnets (TRUST_PROXY=10.0.0.0/8)',
      );
    }
    return true;
  }
  const hops = /^\d+$/.test(raw) ? Number(raw) : null;
  const everyone = raw.split(',').some((part) => ['0.0.0.0/0', '::/0'].includes(part.trim()));
  if (production && (everyone || (hops !== null && hops > 10))) {
    read.problem(
      `TRUST_PROXY=${raw} trusts any address as a proxy, so clients choose their own address: ` +
        'give the number of proxies in front (at most 10) or their own subnets',
    );
  }
  return hops ?? raw;
}

/** Router callbacks: on only with ROUTER_SECRET, and only to the origins listed. */
function readSubscriptionCallback(
  read: EnvReader,
  routerSecret: boolean,
): SubscriptionCallbackConfig | null {
  const origins: string[] = [];
  for (const origin of read.list('SUBSCRIPTION_CALLBACK_ORIGINS')) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      read.problem(
        `SUBSCRIPTION_CALLBACK_ORIGINS takes exact origins like http://router:4000 (got "${origin}")`,
      );
      continue;
    }
    // As a URL spells its origin (lower case, no default port), or no callback would ever match.
    origins.push(new URL(origin).origin);
  }
  const maxActive = read.integer('SUBSCRIPTION_CALLBACK_MAX', 1000, 1, 1_000_000);
  const minHeartbeatMs = read.integer('SUBSCRIPTION_CALLBACK_MIN_HEARTBEAT_MS', 1000, 100, 600_000);
  const timeoutMs = read.integer('SUBSCRIPTION_CALLBACK_TIMEOUT_MS', 2000, 100, 60_000);
  if (!routerSecret) {
    if (origins.length > 0) {
      read.problem(
        'SUBSCRIPTION_CALLBACK_ORIGINS needs ROUTER_SECRET: only a router presenting it may ask ' +
          'for subscription callbacks',
      );
    }
    return null;
  }
  return { origins, maxActive, minHeartbeatMs, timeoutMs };
}

/** The only reader of the environment. Validates everything once; secrets are never echoed. */
export function loadConfig(env: Env): Readonly<Config> {
  const read = new EnvReader(env);
  const nodeEnv = read.oneOf('NODE_ENV', NODE_ENVS, 'development');
  const production = nodeEnv === 'production';
  const upstreamUrl = read.url('UPSTREAM_URL');
  if (upstreamUrl && (upstreamUrl.username || upstreamUrl.password)) {
    read.problem('UPSTREAM_URL must not embed credentials; use UPSTREAM_API_KEY');
  }
  if (upstreamUrl && !/\/v\d+\/?$/.test(upstreamUrl.pathname)) {
    read.warn(
      'UPSTREAM_URL does not end with a version path such as /v2; readiness checks it answers',
    );
  }
  const embeddedSimulator = read.boolean('UPSTREAM_SIMULATOR', !production && !upstreamUrl);
  if (embeddedSimulator && upstreamUrl) {
    read.problem('UPSTREAM_SIMULATOR=true and UPSTREAM_URL exclude each other');
  }
  if (!embeddedSimulator && !upstreamUrl) {
    read.problem(
      production
        ? 'NODE_ENV=production needs UPSTREAM_URL (the provider, e.g. https://api.telnyx.com/v2); ' +
            'set UPSTREAM_SIMULATOR=true to run on the simulator’s fake data on purpose'
        : 'UPSTREAM_SIMULATOR=false needs UPSTREAM_URL',
    );
  }
  if (production && embeddedSimulator) {
    read.warn('UPSTREAM_SIMULATOR=true in production: serving the simulator’s fake data');
  }
  const upstreamApiKey = read.secret('UPSTREAM_API_KEY');
  const { auth, authDisabled } = readAuth(
    read,
    upstreamApiKey !== null,
    embeddedSimulator,
    production,
  );
  const corsOrigins = read.list('CORS_ORIGINS');
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      read.problem(
        `CORS_ORIGINS takes exact origins like https://app.example.com (got "${origin}")`,
      );
    }
  }
  const upstreamMinConcurrency = read.integer('UPSTREAM_MIN_CONCURRENCY', 4, 1, 65_536);
  const upstreamMaxConcurrency = read.integer('UPSTREAM_MAX_CONCURRENCY', 1024, 1, 65_536);
  if (upstreamMinConcurrency > upstreamMaxConcurrency) {
    read.problem('UPSTREAM_MIN_CONCURRENCY must not exceed UPSTREAM_MAX_CONCURRENCY');
  }
  const upstreamMaxConnections = read.integer(
    'UPSTREAM_MAX_CONNECTIONS',
    upstreamMaxConcurrency,
    1,
    65_536,
  );
  if (upstreamMaxConnections < upstreamMaxConcurrency) {
    read.problem(
      'UPSTREAM_MAX_CONNECTIONS must be at least UPSTREAM_MAX_CONCURRENCY: calls past the ' +
        'sockets would wait in the HTTP pool, where their timeouts run',
    );
  }
  const webhookPublicKey = read.string('WEBHOOK_PUBLIC_KEY') ?? null;
  if (webhookPublicKey !== null) {
    const raw = Buffer.from(webhookPublicKey, 'base64');
    if (raw.length !== 32 || raw.toString('base64') !== webhookPublicKey) {
      read.problem(
        'WEBHOOK_PUBLIC_KEY is the provider’s public key: standard base64 of 32 bytes, like ' +
          'eu2zvPjhY6odxV34Z/EsRiERvTodkev4Fq0SlK90Izg=',
      );
    }
  }
  const port = read.integer('PORT', 4000, 0, 65535);
  const metricsPort = read.optionalInteger('METRICS_PORT', 0, 65535);
  if (metricsPort !== null && metricsPort !== 0 && metricsPort === port) {
    read.problem(
      `METRICS_PORT (${metricsPort}) must differ from PORT: metrics get a port of their own, ` +
        'or leave METRICS_PORT unset to serve them on PORT',
    );
  }
  const trustedDocumentsPath = read.string('TRUSTED_DOCUMENTS') ?? null;
  if (trustedDocumentsPath !== null) checkTrustedDocuments(read, trustedDocumentsPath);
  if (production && metricsPort === null) {
    read.warn('/metrics is served on the public port; set METRICS_PORT to serve it internally');
  }
  const httpMaxConnections = read.integer('HTTP_MAX_CONNECTIONS', 4096, 1, 1_000_000);
  const subscriptionsMaxConnections = read.integer(
    'SUBSCRIPTIONS_MAX_CONNECTIONS',
    Math.max(1, Math.floor((httpMaxConnections * 3) / 4)),
    1,
    1_000_000,
  );
  // Upgraded sockets count against the HTTP limit too: HTTP must keep room of its own.
  if (subscriptionsMaxConnections >= httpMaxConnections) {
    read.problem(
      `SUBSCRIPTIONS_MAX_CONNECTIONS (${subscriptionsMaxConnections}) must be below ` +
        `HTTP_MAX_CONNECTIONS (${httpMaxConnections}): WebSockets count against both, and HTTP ` +
        'needs room of its own',
    );
  }
  const webhookToleranceSeconds = read.integer('WEBHOOK_TOLERANCE_SECONDS', 300, 1, 3600);
  const webhookDedupeSeconds = read.integer('WEBHOOK_DEDUPE_SECONDS', 86_400, 60, 30 * 86_400);
  // A signature is accepted up to the tolerance either side of now: a delivery stays valid for
  // twice the tolerance, and its id must be remembered that long.
  if (webhookDedupeSeconds < 2 * webhookToleranceSeconds) {
    read.problem(
      `WEBHOOK_DEDUPE_SECONDS (${webhookDedupeSeconds}) must be at least twice ` +
        `WEBHOOK_TOLERANCE_SECONDS (${webhookToleranceSeconds}): a delivery stays valid for the ` +
        'tolerance either side of now, and could be replayed after its id was forgotten',
    );
  }
  const routerSecret = read.secret('ROUTER_SECRET');
  if (production && routerSecret !== null && routerSecret.reveal().length < 16) {
    read.problem(
      'ROUTER_SECRET must be at least 16 characters in production: it opens _service, ' +
        'traces and subscription callbacks, and guesses are not rate limited',
    );
  }
  const host = read.string('HOST') ?? '0.0.0.0';

  return read.done({
    port,
    host,
    nodeEnv,
    production,
    upstreamUrl,
    embeddedSimulator,
    upstreamApiKey,
    upstreamTimeoutMs: read.integer('UPSTREAM_TIMEOUT_MS', 5000, 1, 120_000),
    upstreamDeadlineMs: read.integer('UPSTREAM_DEADLINE_MS', 10_000, 1, 300_000),
    requestDeadlineMs: read.integer('REQUEST_DEADLINE_MS', 10_000, 100, 300_000),
    upstreamRetries: read.integer('UPSTREAM_RETRIES', 2, 0, 10),
    upstreamRetryBaseMs: read.integer('UPSTREAM_RETRY_BASE_MS', 100, 1, 60_000),
    upstreamRetryBudget: read.integer('UPSTREAM_RETRY_BUDGET_PERCENT', 10, 0, 100) / 100,
    upstreamBreakerFailureRate: read.integer('UPSTREAM_BREAKER_FAILURE_PERCENT', 50, 1, 99) / 100,
    upstreamBreakerMinRps: read.integer('UPSTREAM_BREAKER_MIN_RPS', 5, 1, 100_000),
    upstreamBreakerWindowMs: read.integer('UPSTREAM_BREAKER_WINDOW_MS', 10_000, 100, 600_000),
    upstreamBreakerHalfOpenMs: read.integer('UPSTREAM_BREAKER_HALF_OPEN_MS', 5000, 1, 600_000),
    upstreamMinConcurrency,
    upstreamMaxConcurrency,
    upstreamConcurrency: read.integer('UPSTREAM_CONCURRENCY', 32, 1, 1024),
    upstreamMaxConnections,
    upstreamMaxResponseBytes: read.integer(
      'UPSTREAM_MAX_RESPONSE_BYTES',
      8 * 1024 * 1024,
      1024,
      1024 * 1024 * 1024,
    ),
    upstreamRateLimit: readRateLimit(read, 'UPSTREAM_RATE_LIMIT'),
    admissionMaxConcurrent: read.integer('ADMISSION_MAX_CONCURRENT', 4096, 1, 1_000_000),
    admissionQueueDelayMs: read.integer('ADMISSION_QUEUE_DELAY_MS', 50, 1, 60_000),
    admissionEventLoopDelayMs: read.integer('ADMISSION_EVENT_LOOP_DELAY_MS', 150, 5, 60_000),
    admissionQueueTimeoutMs: read.integer('ADMISSION_QUEUE_TIMEOUT_MS', 20, 0, 60_000),

    introspection: read.boolean('GRAPHQL_INTROSPECTION', !production),
    maxDepth: read.integer('GRAPHQL_MAX_DEPTH', 12, 1, 100),
    maxAliases: read.integer('GRAPHQL_MAX_ALIASES', 50, 0, 10_000),
    maxTokens: read.integer('GRAPHQL_MAX_TOKENS', 5000, 100, 1_000_000),
    maxCost: read.integer('GRAPHQL_MAX_COST', 5000, 1, 100_000_000),
    maxUpstreamCalls: read.integer('GRAPHQL_MAX_UPSTREAM_CALLS', 300, 1, 1_000_000),
    maxEntities: read.integer('GRAPHQL_MAX_ENTITIES', 250, 1, 100_000),
    maxBatch: read.integer('GRAPHQL_MAX_BATCH', 10, 1, 1000),
    maxBodyBytes: read.integer('GRAPHQL_MAX_BODY_BYTES', 100_000, 1000, 50_000_000),
    clientRateLimitPerMinute: read.integer('CLIENT_RATE_LIMIT_PER_MINUTE', 1200, 0, 10_000_000),
    trustProxy: trustProxy(read, production),
    apqTtlSeconds: read.integer('APQ_TTL_SECONDS', 86_400, 1, 30 * 86_400),
    apqMaxMegabytes: read.integer('APQ_MAX_MB', 16, 1, 4096),
    routerSecret,
    subscriptionCallback: readSubscriptionCallback(read, routerSecret !== null),
    metricsPort,
    // A scraper reaches pods by their address: the same interfaces as HTTP unless narrowed.
    metricsHost: read.string('METRICS_HOST') ?? host,
    metricsOperations: read.list('METRICS_OPERATIONS'),
    heapGrowthPercent: read.integer('HEAP_GROWTH_PERCENT', 50, 0, 300),
    directExecution: read.boolean('GRAPHQL_DIRECT_EXECUTION', true),
    httpRequestTimeoutMs: read.integer('HTTP_REQUEST_TIMEOUT_MS', 15_000, 1000, 600_000),
    httpHeadersTimeoutMs: read.integer('HTTP_HEADERS_TIMEOUT_MS', 10_000, 1000, 600_000),
    httpKeepAliveTimeoutMs: read.integer('HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000, 0, 600_000),
    httpMaxConnections,
    // Download URLs in cached recordings are pre-signed for about ten minutes: stay well below.
    cacheTtlSeconds: read.integer('CACHE_TTL_SECONDS', 60, 0, 300),
    cacheMutableTtlSeconds: read.integer('CACHE_MUTABLE_TTL_SECONDS', 5, 0, 300),
    cacheMaxMegabytes: read.integer('CACHE_MAX_MB', 64, 1, 16_384),
    redis: readRedisTopology(read),
    shutdownGraceMs: read.integer('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    logLevel: read.oneOf(
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      'info',
    ),
    logFormat: read.oneOf('LOG_FORMAT', ['json', 'pretty'], production ? 'json' : 'pretty'),
    benchNaiveLoaders: read.boolean('BENCH_NAIVE_LOADERS', false),
    // Any origin is reflected only on the embedded simulator's fake data (local dev servers, the
    // hosted Sandbox); a real upstream gets no cross-origin browser unless CORS_ORIGINS lists it.
    corsOrigins:
      corsOrigins.length > 0 ? corsOrigins : embeddedSimulator && !production ? null : [],
    auth,
    authDisabled,
    // Everywhere else a request needs a bearer token no cross-site page can attach without a
    // preflight (the gateway never reads cookies), or reads only the simulator's fake data.
    csrfPrevention: authDisabled && upstreamApiKey !== null && !embeddedSimulator,
    federationAuthDirectives: read.boolean('FEDERATION_AUTH_DIRECTIVES', false),
    compression: read.boolean('HTTP_COMPRESSION', true),
    trustedDocumentsPath,
    webhookPublicKey,
    webhookToleranceSeconds,
    webhookMaxBodyBytes: read.integer('WEBHOOK_MAX_BODY_BYTES', 65_536, 1024, 10_000_000),
    webhookDedupeSeconds,
    live: readLiveConfig(read),
    subscriptionsMaxConnections,
    subscriptionsPerConnection: read.integer('SUBSCRIPTIONS_PER_CONNECTION', 20, 1, 10_000),
    subscriptionsPerClient: read.integer('SUBSCRIPTIONS_PER_CLIENT', 50, 1, 1_000_000),
    subscriptionsSubscribesPerMinute: read.integer(
      'SUBSCRIPTIONS_SUBSCRIBES_PER_MINUTE',
      120,
      1,
      1_000_000,
    ),
    subscriptionsKeepAliveMs: read.integer('SUBSCRIPTIONS_KEEPALIVE_MS', 12_000, 0, 600_000),
    simulatorNewRecordingEveryMs: read.integer(
      'SIMULATOR_NEW_RECORDING_EVERY_MS',
      15_000,
      0,
      86_400_000,
    ),
    simulatorPort: read.integer('SIMULATOR_PORT', 0, 0, 65535),
    warnings: read.warnings,
  });
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

/** Settings of the standalone simulator (`npm run simulator`). */
export function loadSimulatorConfig(env: Env): Readonly<SimulatorConfig> {
  const read = new EnvReader(env);
  return read.done({
    port: read.integer('SIMULATOR_PORT', 4010, 0, 65535),
    host: read.string('SIMULATOR_HOST') ?? '127.0.0.1',
    apiKey: read.secret('SIMULATOR_API_KEY') ?? new Secret('simulator-key'),
    latencyMs: read.integer('SIMULATOR_LATENCY_MS', 0, 0, 60_000),
    rateLimit: readRateLimit(read, 'SIMULATOR_RATE_LIMIT'),
    maxConcurrency: read.optionalInteger('SIMULATOR_MAX_CONCURRENCY', 1, 1_000_000),
    webhookUrl: read.url('SIMULATOR_WEBHOOK_URL'),
    newRecordingEveryMs: read.integer('SIMULATOR_NEW_RECORDING_EVERY_MS', 0, 0, 86_400_000),
  });
}

function readRateLimit(
  read: EnvReader,
  name: string,
): { limit: number; windowSeconds: number } | null {
  const raw = read.string(name);
  if (raw === undefined) return null;
  const match = /^(\d+)\/(\d+)(s|m)$/.exec(raw);
  if (!match) {
    read.problem(`${name} takes requests per window, like 50/1s or 600/1m (got "${raw}")`);
    return null;
  }
  return {
    limit: Number(match[1]),
    windowSeconds: Number(match[2]) * (match[3] === 'm' ? 60 : 1),
  };
}
