import { AUTH_CONCERN } from './auth-config';
import { CACHE_CONCERN } from './cache-config';
import { ADMISSION_CONCERN, LIMITS_CONCERN } from './limits-config';
import { LIVE_CONCERN } from './live-config';
import { OBSERVABILITY_CONCERN, TRACING_CONCERN } from './observability-config';
import { REDIS_CONCERN } from './redis-config';
import { SERVER_CONCERN } from './server-config';
import type { ConfigConcern } from './setting';
import { SIMULATOR_CONCERN } from './simulator-config';
import { UPSTREAM_CONCERN } from './upstream-config';

/** Every concern's variables, in the order docs/configuration.md shows them. */
export const CONFIG_CONCERNS: readonly ConfigConcern[] = [
  SERVER_CONCERN,
  UPSTREAM_CONCERN,
  CACHE_CONCERN,
  AUTH_CONCERN,
  LIVE_CONCERN,
  ADMISSION_CONCERN,
  LIMITS_CONCERN,
  OBSERVABILITY_CONCERN,
  TRACING_CONCERN,
  REDIS_CONCERN,
  SIMULATOR_CONCERN,
];

/** The names of every declared variable: the only ones the EnvReader may read. */
export const DECLARED_VARIABLES: ReadonlySet<string> = new Set(
  CONFIG_CONCERNS.flatMap((concern) => concern.settings.map((setting) => setting.name)),
);
