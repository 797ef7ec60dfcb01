import type { EnvReader } from './env-reader';
import type { Secret } from './secret';
import { flag, integer, text, type ConfigConcern } from './setting';

export interface RateLimit {
  readonly limit: number;
  readonly windowSeconds: number;
}

/** The provider: where it is, which key, and how the gateway treats it. */
export interface UpstreamConfig {
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
  readonly upstreamRateLimit: RateLimit | null;
}

/** Where the upstream is: read before the rest, since auth, CORS and CSRF follow from it. */
export type UpstreamTarget = Pick<
  UpstreamConfig,
  'upstreamUrl' | 'embeddedSimulator' | 'upstreamApiKey'
>;

const SETTINGS = {
  upstreamUrl: text(
    'UPSTREAM_URL',
    'unset',
    'The provider’s base URL including its version, e.g. `https://api.telnyx.com/v2`. Unset in ' +
      'development: the embedded simulator starts. Readiness fails while ' +
      '`GET <UPSTREAM_URL>/recordings` answers 404 (a missing `/v2`). Credentials in the URL are ' +
      'refused: use `UPSTREAM_API_KEY`.',
  ),
  embeddedSimulator: flag(
    'UPSTREAM_SIMULATOR',
    false,
    'Run on the embedded simulator’s fake data. In production it must be asked for explicitly, ' +
      'and is warned about at start.',
    '`true` in development without `UPSTREAM_URL`, else `false`',
  ),
  upstreamApiKey: text(
    'UPSTREAM_API_KEY',
    'unset',
    'A server-side key for every upstream call; client tokens are then never forwarded. Unset: ' +
      'each client’s `Authorization: Bearer <key>` is forwarded. Readiness uses this key, so a ' +
      'revoked key makes replicas not ready.',
  ),
  upstreamTimeoutMs: integer(
    'UPSTREAM_TIMEOUT_MS',
    5000,
    1,
    120_000,
    'Deadline of one upstream HTTP attempt, counted from when it is on the wire (undici’s headers ' +
      'and body timeouts), never from when it was queued (`UPSTREAM_TIMEOUT`).',
  ),
  upstreamDeadlineMs: integer(
    'UPSTREAM_DEADLINE_MS',
    10_000,
    1,
    300_000,
    'Deadline of one logical upstream call, retries included.',
  ),
  requestDeadlineMs: integer(
    'REQUEST_DEADLINE_MS',
    10_000,
    100,
    300_000,
    'Deadline of one GraphQL request, carried into every upstream call it makes: time waiting for ' +
      'a slot or for the rate limit counts against it, a call that cannot start in time fails at ' +
      'once (`OVERLOADED`), and what is left when it passes (or when the client goes away) is ' +
      'cancelled.',
  ),
  upstreamRetries: integer(
    'UPSTREAM_RETRIES',
    2,
    0,
    10,
    'Retries of a read after a network error or 429/502/503/504, with jittered exponential ' +
      'backoff, honouring `Retry-After` within the deadline. A DELETE is retried only when the ' +
      'upstream provably did not act on it (connection refused, 429).',
  ),
  upstreamRetryBaseMs: integer(
    'UPSTREAM_RETRY_BASE_MS',
    100,
    1,
    60_000,
    'First backoff; doubles per retry, capped at 2 s.',
  ),
  upstreamRetryBudget: integer(
    'UPSTREAM_RETRY_BUDGET_PERCENT',
    10,
    0,
    100,
    'Retries may add at most this share of traffic (over the last 10 s); past it a failed attempt ' +
      'fails instead of retrying. Retries never go into a rate limit window the provider said is ' +
      'exhausted.',
  ),
  upstreamBreakerFailureRate: integer(
    'UPSTREAM_BREAKER_FAILURE_PERCENT',
    50,
    1,
    99,
    'The circuit breaker opens when this share of upstream attempts failed over ' +
      '`UPSTREAM_BREAKER_WINDOW_MS`, once at least `UPSTREAM_BREAKER_MIN_RPS` attempts a second ' +
      'were made. Only upstream faults count (5xx, resets, refusals, timeouts on the wire); local ' +
      'queueing, shed requests, client aborts and 4xx never do.',
  ),
  upstreamBreakerMinRps: integer(
    'UPSTREAM_BREAKER_MIN_RPS',
    5,
    1,
    100_000,
    'Attempts a second below which the breaker never opens.',
  ),
  upstreamBreakerWindowMs: integer(
    'UPSTREAM_BREAKER_WINDOW_MS',
    10_000,
    100,
    600_000,
    'The window the breaker’s failure share is counted over.',
  ),
  upstreamBreakerHalfOpenMs: integer(
    'UPSTREAM_BREAKER_HALF_OPEN_MS',
    5000,
    1,
    600_000,
    'How long the breaker stays open before a probe.',
  ),
  upstreamMinConcurrency: integer(
    'UPSTREAM_MIN_CONCURRENCY',
    4,
    1,
    65_536,
    'Lower bound of the adaptive limit on upstream requests in flight per process (see ' +
      '`UPSTREAM_MAX_CONCURRENCY`).',
  ),
  upstreamMaxConcurrency: integer(
    'UPSTREAM_MAX_CONCURRENCY',
    1024,
    1,
    65_536,
    'Upper bound of the adaptive limit on upstream requests in flight per process (a gradient ' +
      'limit: it grows while the round trip on the wire holds, shrinks when it grows, on 429/503 ' +
      'and on timeouts on the wire). The upper bound is a safety cap, not the working point: at ' +
      '200 ms, 40 clients reading 50-row pages with links want 840 calls at once, and a cap of 512 ' +
      'queued the second round of every page (bench/LATENCY.md). A provider’s rate limit binds ' +
      'long before it; each socket costs memory (more with TLS), so lower it on a small instance.',
  ),
  upstreamMaxConnections: integer(
    'UPSTREAM_MAX_CONNECTIONS',
    1024,
    1,
    65_536,
    'Keep-alive sockets to the upstream per process; at least the concurrency limit, so the HTTP ' +
      'pool never queues.',
    '`UPSTREAM_MAX_CONCURRENCY`',
  ),
  upstreamConcurrency: integer(
    'UPSTREAM_CONCURRENCY',
    32,
    1,
    1024,
    'Upstream requests one GraphQL request may have in flight.',
  ),
  upstreamMaxResponseBytes: integer(
    'UPSTREAM_MAX_RESPONSE_BYTES',
    8 * 1024 * 1024,
    1024,
    1024 * 1024 * 1024,
    'A provider answer larger than this is cut off and its field fails with ' +
      '`UPSTREAM_BAD_RESPONSE` instead of being buffered (a 250-row page is about 250 KB).',
    '`8388608` (8 MiB)',
  ),
  upstreamRateLimit: text(
    'UPSTREAM_RATE_LIMIT',
    'unset',
    'The provider’s rate limit per credential when known up front, as `<requests>/<seconds>s` or ' +
      '`/<minutes>m` (e.g. `100/1s`). Unset, the limit is learned from the provider’s ' +
      '`x-ratelimit-limit`, `x-ratelimit-remaining`, `x-ratelimit-reset` and `Retry-After` ' +
      'headers. The gateway paces every credential’s calls to it (a token bucket per credential, ' +
      'shared through Redis when it is configured, so replicas share one quota); a call that ' +
      'could not be sent before its request’s deadline fails fast with `UPSTREAM_RATE_LIMITED` ' +
      'and `retryAfterSeconds`. Cache hits never spend quota.',
  ),
};

export const UPSTREAM_CONCERN: ConfigConcern = {
  title: 'Upstream',
  settings: Object.values(SETTINGS),
};

export function readUpstreamTarget(read: EnvReader, production: boolean): UpstreamTarget {
  const upstreamUrl = read.url(SETTINGS.upstreamUrl.name);
  if (upstreamUrl && (upstreamUrl.username || upstreamUrl.password)) {
    read.problem('UPSTREAM_URL must not embed credentials; use UPSTREAM_API_KEY');
  }
  if (upstreamUrl && !/\/v\d+\/?$/.test(upstreamUrl.pathname)) {
    read.warn(
      'UPSTREAM_URL does not end with a version path such as /v2; readiness checks it answers',
    );
  }
  const embeddedSimulator = read.flag(SETTINGS.embeddedSimulator, !production && !upstreamUrl);
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
  const upstreamApiKey = read.secret(SETTINGS.upstreamApiKey.name);
  return { upstreamUrl, embeddedSimulator, upstreamApiKey };
}

/** How the gateway treats the upstream: deadlines, retries, breaker, concurrency, pacing. */
export function readUpstreamConfig(read: EnvReader, target: UpstreamTarget): UpstreamConfig {
  const upstreamMinConcurrency = read.int(SETTINGS.upstreamMinConcurrency);
  const upstreamMaxConcurrency = read.int(SETTINGS.upstreamMaxConcurrency);
  if (upstreamMinConcurrency > upstreamMaxConcurrency) {
    read.problem('UPSTREAM_MIN_CONCURRENCY must not exceed UPSTREAM_MAX_CONCURRENCY');
  }
  const upstreamMaxConnections = read.int(SETTINGS.upstreamMaxConnections, upstreamMaxConcurrency);
  if (upstreamMaxConnections < upstreamMaxConcurrency) {
    read.problem(
      'UPSTREAM_MAX_CONNECTIONS must be at least UPSTREAM_MAX_CONCURRENCY: calls past the ' +
        'sockets would wait in the HTTP pool, where their timeouts run',
    );
  }
  return {
    ...target,
    upstreamTimeoutMs: read.int(SETTINGS.upstreamTimeoutMs),
    upstreamDeadlineMs: read.int(SETTINGS.upstreamDeadlineMs),
    requestDeadlineMs: read.int(SETTINGS.requestDeadlineMs),
    upstreamRetries: read.int(SETTINGS.upstreamRetries),
    upstreamRetryBaseMs: read.int(SETTINGS.upstreamRetryBaseMs),
    upstreamRetryBudget: read.int(SETTINGS.upstreamRetryBudget) / 100,
    upstreamBreakerFailureRate: read.int(SETTINGS.upstreamBreakerFailureRate) / 100,
    upstreamBreakerMinRps: read.int(SETTINGS.upstreamBreakerMinRps),
    upstreamBreakerWindowMs: read.int(SETTINGS.upstreamBreakerWindowMs),
    upstreamBreakerHalfOpenMs: read.int(SETTINGS.upstreamBreakerHalfOpenMs),
    upstreamMinConcurrency,
    upstreamMaxConcurrency,
    upstreamConcurrency: read.int(SETTINGS.upstreamConcurrency),
    upstreamMaxConnections,
    upstreamMaxResponseBytes: read.int(SETTINGS.upstreamMaxResponseBytes),
    upstreamRateLimit: readRateLimit(read, SETTINGS.upstreamRateLimit.name),
  };
}

/** `50/1s` or `600/1m`: requests per window. */
export function readRateLimit(read: EnvReader, name: string): RateLimit | null {
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
