import type { EnvReader } from './env-reader';
import { Secret } from './secret';
import { flag, integer, text, type ConfigConcern } from './setting';
import { readRateLimit, type RateLimit } from './upstream-config';

/** The embedded simulator `npm start` runs, and the benchmark baseline. */
export interface DevelopmentConfig {
  /** The embedded simulator saves a new recording this often (signed webhooks follow); 0 never. */
  readonly simulatorNewRecordingEveryMs: number;
  /** The embedded simulator's port on 127.0.0.1 (SIMULATOR_PORT); 0: a free one. */
  readonly simulatorPort: number;
  /** Benchmark baseline: loaders without batching or caching (BENCH_NAIVE_LOADERS). */
  readonly benchNaiveLoaders: boolean;
}

export interface SimulatorConfig {
  readonly port: number;
  readonly host: string;
  readonly apiKey: Secret;
  readonly latencyMs: number;
  /** `50/1s`: the provider's per-key rate limit, with its headers and 429s. */
  readonly rateLimit: RateLimit | null;
  readonly maxConcurrency: number | null;
  /** Where to POST signed webhooks (the gateway's /webhooks); none by default. */
  readonly webhookUrl: URL | null;
  readonly newRecordingEveryMs: number;
}

const SETTINGS = {
  benchNaiveLoaders: flag(
    'BENCH_NAIVE_LOADERS',
    false,
    'Benchmark baseline only: loaders without batching or caching.',
  ),
  port: integer(
    'SIMULATOR_PORT',
    0,
    0,
    65535,
    'Where the simulator listens: the embedded one always on 127.0.0.1, on a port that must differ ' +
      'from `PORT` and `METRICS_PORT`.',
    '`4010` for `npm run simulator`; a free port for the simulator `npm start` embeds',
  ),
  newRecordingEveryMs: integer(
    'SIMULATOR_NEW_RECORDING_EVERY_MS',
    15_000,
    0,
    86_400_000,
    'The simulator saves a recording this often and sends its signed webhook; `0` never.',
    '`15000` embedded, `0` for `npm run simulator`',
  ),
  host: text('SIMULATOR_HOST', '`127.0.0.1`', '`npm run simulator` only: the address it binds.'),
  apiKey: text(
    'SIMULATOR_API_KEY',
    '`simulator-key`',
    '`npm run simulator` only: the key it accepts.',
  ),
  latencyMs: integer(
    'SIMULATOR_LATENCY_MS',
    0,
    0,
    60_000,
    '`npm run simulator` only: added to every answer, like a distant provider.',
  ),
  rateLimit: text(
    'SIMULATOR_RATE_LIMIT',
    'unset',
    'A per-key rate limit like the provider’s (`50/1s`), answered with `x-ratelimit-*` headers ' +
      'and, past it, 429 with `Retry-After` and the provider’s error body.',
  ),
  maxConcurrency: text(
    'SIMULATOR_MAX_CONCURRENCY',
    'unset',
    'Requests the simulator serves at once; more are answered 503 (an overloaded provider).',
  ),
  webhookUrl: text(
    'SIMULATOR_WEBHOOK_URL',
    'unset',
    '`npm run simulator` only: where it POSTs its signed webhooks (it prints the key to trust).',
  ),
};

export const SIMULATOR_CONCERN: ConfigConcern = {
  title: 'Benchmarks and the simulator',
  settings: Object.values(SETTINGS),
};

export function readDevelopmentConfig(
  read: EnvReader,
  ports: { embeddedSimulator: boolean; port: number; metricsPort: number | null },
): DevelopmentConfig {
  const simulatorPort = read.int(SETTINGS.port);
  // The embedded simulator listens beside the gateway: the same port would fail at start instead.
  if (ports.embeddedSimulator && simulatorPort !== 0) {
    for (const [name, taken] of [
      ['PORT', ports.port],
      ['METRICS_PORT', ports.metricsPort],
    ] as const) {
      if (taken === simulatorPort) {
        read.problem(
          `SIMULATOR_PORT (${simulatorPort}) must differ from ${name}: the embedded simulator ` +
            'listens beside the gateway (SIMULATOR_PORT=0 picks a free port)',
        );
      }
    }
  }
  return {
    simulatorNewRecordingEveryMs: read.int(SETTINGS.newRecordingEveryMs),
    simulatorPort,
    benchNaiveLoaders: read.flag(SETTINGS.benchNaiveLoaders),
  };
}

/** Settings of the standalone simulator (`npm run simulator`). */
export function readSimulatorConfig(read: EnvReader): SimulatorConfig {
  return {
    port: read.int(SETTINGS.port, 4010),
    host: read.string(SETTINGS.host.name) ?? '127.0.0.1',
    apiKey: read.secret(SETTINGS.apiKey.name) ?? new Secret('simulator-key'),
    latencyMs: read.int(SETTINGS.latencyMs),
    rateLimit: readRateLimit(read, SETTINGS.rateLimit.name),
    maxConcurrency: read.optionalInteger(SETTINGS.maxConcurrency.name, 1, 1_000_000),
    webhookUrl: read.url(SETTINGS.webhookUrl.name),
    newRecordingEveryMs: read.int(SETTINGS.newRecordingEveryMs, 0),
  };
}
