import { readAccessConfig, type AccessConfig } from './auth-config';
import { readCacheConfig, type CacheConfig } from './cache-config';
import { DECLARED_VARIABLES } from './config-concerns';
import { EnvReader, type Env } from './env-reader';
import { readLimitsConfig, type LimitsConfig } from './limits-config';
import { readLiveUpdatesConfig, type LiveUpdatesConfig } from './live-config';
import { readObservabilityConfig, type ObservabilityConfig } from './observability-config';
import { readRedisTopology, type RedisTopology } from './redis-config';
import { readNodeEnv, readServerConfig, type ServerConfig } from './server-config';
import {
  readDevelopmentConfig,
  readSimulatorConfig,
  type DevelopmentConfig,
  type SimulatorConfig,
} from './simulator-config';
import { readUpstreamConfig, readUpstreamTarget, type UpstreamConfig } from './upstream-config';

export { ConfigError } from './env-reader';
export type { AuthConfig } from './auth-config';
export type { SubscriptionCallbackConfig } from './live-config';
export type { NodeEnv } from './server-config';
export type { SimulatorConfig } from './simulator-config';

/**
 * The gateway's settings, one flat object the code reads by field. Each concern declares and
 * reads its own variables in its own file (server-, upstream-, cache-, auth-, live-, limits-,
 * observability-, redis-, simulator-config.ts); docs/configuration.md is generated from them.
 */
export interface Config
  extends
    ServerConfig,
    UpstreamConfig,
    CacheConfig,
    AccessConfig,
    LiveUpdatesConfig,
    LimitsConfig,
    ObservabilityConfig,
    DevelopmentConfig {
  /** With it, the cache, APQ, quotas, pacing, dedupe and live events are shared by replicas. */
  readonly redis: RedisTopology | null;
  /** Settings that work but deserve a look, logged at start. */
  readonly warnings: readonly string[];
}

/**
 * The only reader of the environment. Validates everything once, every problem in one message;
 * secrets are never echoed. The order of the concerns is the order of the problems.
 */
export function loadConfig(env: Env): Readonly<Config> {
  const read = new EnvReader(env, DECLARED_VARIABLES);
  const mode = readNodeEnv(read);
  const target = readUpstreamTarget(read, mode.production);
  const access = readAccessConfig(read, target, mode.production);
  const server = readServerConfig(read, mode);
  const observability = readObservabilityConfig(read, server);
  const ports = { ...target, port: server.port, metricsPort: observability.metricsPort };
  return read.done({
    ...server,
    ...readUpstreamConfig(read, target),
    ...access,
    ...observability,
    ...readLiveUpdatesConfig(read, server.httpMaxConnections, access.routerSecret !== null),
    ...readLimitsConfig(read),
    ...readCacheConfig(read),
    redis: readRedisTopology(read),
    ...readDevelopmentConfig(read, ports),
    warnings: read.warnings,
  });
}

/** Settings of the standalone simulator (`npm run simulator`). */
export function loadSimulatorConfig(env: Env): Readonly<SimulatorConfig> {
  const read = new EnvReader(env, DECLARED_VARIABLES);
  return read.done(readSimulatorConfig(read));
}
