import { Secret } from './secret';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Upstream base URL including `/v2`; null starts the embedded simulator. */
  readonly upstreamUrl: URL | null;
  /** Server-side key; null forwards each client's own bearer token. */
  readonly upstreamApiKey: Secret | null;
  /** Deadline of one upstream HTTP attempt. */
  readonly upstreamTimeoutMs: number;
  /** Deadline of one logical upstream call, retries and backoff included. */
  readonly upstreamDeadlineMs: number;
  readonly upstreamRetries: number;
  readonly upstreamRetryBaseMs: number;
  /** Consecutive upstream faults that open the circuit breaker. */
  readonly upstreamBreakerThreshold: number;
  readonly upstreamBreakerHalfOpenMs: number;
  /** Upstream requests in flight at once, per process. */
  readonly upstreamProcessConcurrency: number;
  /** Concurrent upstream requests one GraphQL request may have in flight. */
  readonly upstreamConcurrency: number;
  /** Keep-alive sockets to the upstream, per process. */
  readonly upstreamMaxConnections: number;
  readonly production: boolean;
  /** Introspection on; defaults to on outside production. */
  readonly introspection: boolean;
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxTokens: number;
  readonly maxCost: number;
  /** Operations one HTTP request may batch; 1 turns batching off. */
  readonly maxBatch: number;
  readonly maxBodyBytes: number;
  /** TTL of cached final data (completed recordings, ended conferences); 0 turns the cache off. */
  readonly cacheTtlSeconds: number;
  /** TTL of cached changing data (list pages, running conferences); 0: not cached. */
  readonly cacheMutableTtlSeconds: number;
  readonly cacheMaxMegabytes: number;
  /** With it, the upstream cache and APQ live in Redis, shared by replicas. */
  readonly redisUrl: URL | null;
  /** How long SIGTERM waits for in-flight requests before closing connections. */
  readonly shutdownGraceMs: number;
  readonly logLevel: string;
  readonly logFormat: 'json' | 'pretty';
  /** Benchmark baseline: loaders without batching or caching (BENCH_NAIVE_LOADERS). */
  readonly benchNaiveLoaders: boolean;
}

export interface SimulatorConfig {
  readonly port: number;
  readonly host: string;
  readonly apiKey: Secret;
  readonly latencyMs: number;
}

export class ConfigError extends Error {
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  string(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.string(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    this.problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const found = allowed.find((value) => value === raw);
    if (found === undefined) this.problems.push(`${name} must be one of ${allowed.join(', ')}`);
    return found ?? fallback;
  }

  /** Never echoes the value: URLs may carry credentials. */
  url(name: string, protocols: readonly string[] = ['http:', 'https:']): URL | null {
    const raw = this.string(name);
    if (raw === undefined) return null;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      url = new URL('invalid:');
    }
    if (!protocols.includes(url.protocol)) {
      this.problems.push(`${name} must be a ${protocols.join(' or ')} URL`);
      return null;
    }
    if ((url.username || url.password) && name === 'UPSTREAM_URL') {
      this.problems.push(`${name} must not embed credentials; use UPSTREAM_API_KEY`);
      return null;
    }
    return url;
  }

  done<T>(value: T): Readonly<T> {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
    return Object.freeze(value);
  }
}

/** The only reader of the environment. Validates everything once; secrets are never echoed. */
export function loadConfig(env: Env): Readonly<Config> {
  const read = new EnvReader(env);
  const apiKey = read.string('UPSTREAM_API_KEY');
  const production = read.string('NODE_ENV') === 'production';
  return read.done({
    port: read.integer('PORT', 4000, 0, 65535),
    host: read.string('HOST') ?? '0.0.0.0',
    upstreamUrl: read.url('UPSTREAM_URL'),
    upstreamApiKey: apiKey === undefined ? null : new Secret(apiKey),
    upstreamTimeoutMs: read.integer('UPSTREAM_TIMEOUT_MS', 5000, 1, 120_000),
    upstreamDeadlineMs: read.integer('UPSTREAM_DEADLINE_MS', 10_000, 1, 300_000),
    upstreamRetries: read.integer('UPSTREAM_RETRIES', 2, 0, 10),
    upstreamRetryBaseMs: read.integer('UPSTREAM_RETRY_BASE_MS', 100, 1, 60_000),
    upstreamBreakerThreshold: read.integer('UPSTREAM_BREAKER_THRESHOLD', 5, 1, 1000),
    upstreamBreakerHalfOpenMs: read.integer('UPSTREAM_BREAKER_HALF_OPEN_MS', 5000, 1, 600_000),
    upstreamProcessConcurrency: read.integer('UPSTREAM_PROCESS_CONCURRENCY', 64, 1, 4096),
    upstreamConcurrency: read.integer('UPSTREAM_CONCURRENCY', 8, 1, 256),
    upstreamMaxConnections: read.integer('UPSTREAM_MAX_CONNECTIONS', 32, 1, 1024),
    production,
    introspection: read.boolean('GRAPHQL_INTROSPECTION', !production),
    maxDepth: read.integer('GRAPHQL_MAX_DEPTH', 12, 1, 100),
    maxAliases: read.integer('GRAPHQL_MAX_ALIASES', 50, 0, 10_000),
    maxTokens: read.integer('GRAPHQL_MAX_TOKENS', 5000, 100, 1_000_000),
    maxCost: read.integer('GRAPHQL_MAX_COST', 5000, 1, 100_000_000),
    maxBatch: read.integer('GRAPHQL_MAX_BATCH', 10, 1, 1000),
    maxBodyBytes: read.integer('GRAPHQL_MAX_BODY_BYTES', 100_000, 1000, 50_000_000),
    // Download URLs in cached recordings are pre-signed for about ten minutes: stay well below.
    cacheTtlSeconds: read.integer('CACHE_TTL_SECONDS', 60, 0, 300),
    cacheMutableTtlSeconds: read.integer('CACHE_MUTABLE_TTL_SECONDS', 5, 0, 300),
    cacheMaxMegabytes: read.integer('CACHE_MAX_MB', 64, 1, 16_384),
    redisUrl: read.url('REDIS_URL', ['redis:', 'rediss:']),
    shutdownGraceMs: read.integer('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    logLevel: read.oneOf(
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      'info',
    ),
    logFormat: read.oneOf('LOG_FORMAT', ['json', 'pretty'], production ? 'json' : 'pretty'),
    benchNaiveLoaders: read.boolean('BENCH_NAIVE_LOADERS', false),
  });
}

/** Settings of the standalone simulator (`npm run simulator`). */
export function loadSimulatorConfig(env: Env): Readonly<SimulatorConfig> {
  const read = new EnvReader(env);
  return read.done({
    port: read.integer('SIMULATOR_PORT', 4010, 0, 65535),
    host: read.string('SIMULATOR_HOST') ?? '127.0.0.1',
    apiKey: new Secret(read.string('SIMULATOR_API_KEY') ?? 'simulator-key'),
    latencyMs: read.integer('SIMULATOR_LATENCY_MS', 0, 0, 60_000),
  });
}
