import type { EnvReader } from './env-reader';
import { text, type ConfigConcern } from './setting';

/** Logs and metrics; tracing is configured by the OpenTelemetry SDK's own variables (below). */
export interface ObservabilityConfig {
  readonly logLevel: string;
  readonly logFormat: 'json' | 'pretty';
  /** Metrics on their own port (internal); null: on the main port. */
  readonly metricsPort: number | null;
  /** The address the metrics port binds (METRICS_HOST, default HOST). */
  readonly metricsHost: string;
  /** Operation names that get their own metrics label; others are `other`. */
  readonly metricsOperations: readonly string[];
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const SETTINGS = {
  logLevel: text('LOG_LEVEL', '`info`', LOG_LEVELS.map((level) => `\`${level}\``).join(', ') + '.'),
  logFormat: text('LOG_FORMAT', '`pretty` outside production, else `json`', '`json` or `pretty`.'),
  metricsPort: text(
    'METRICS_PORT',
    'unset',
    'Serve `/metrics` on this port only (keep it internal); must differ from `PORT`. Unset: on ' +
      'the main port, with a warning in production.',
  ),
  metricsHost: text(
    'METRICS_HOST',
    '`HOST`',
    'The address the metrics port binds. A scraper reaches pods by their address, so the default ' +
      'follows `HOST`; narrow it (`127.0.0.1`) for a scraper beside the process.',
  ),
  metricsOperations: text(
    'METRICS_OPERATIONS',
    'empty',
    'Comma-separated operation names that get their own metrics label; every other name is ' +
      'counted as `other`, so clients cannot mint labels.',
  ),
};

export const OBSERVABILITY_CONCERN: ConfigConcern = {
  title: 'Logs and metrics',
  settings: Object.values(SETTINGS),
};

/**
 * Read by the OpenTelemetry SDK itself (`src/observability/tracing-setup.ts` only looks whether
 * tracing was asked for), with the names and meanings of the OpenTelemetry specification.
 */
export const TRACING_CONCERN: ConfigConcern = {
  title: 'Tracing (OpenTelemetry)',
  intro:
    'Read by the OpenTelemetry SDK itself, with the names and meanings of the OpenTelemetry ' +
    'specification; the gateway only looks whether tracing was asked for. Tracing is off unless ' +
    '`OTEL_TRACES_EXPORTER`, `OTEL_EXPORTER_OTLP_ENDPOINT` or ' +
    '`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set.',
  settings: [
    text(
      'OTEL_TRACES_EXPORTER',
      'unset',
      '`otlp`, `console`, or `none` (off, whatever else is set).',
    ),
    text(
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'unset',
      'The collector, e.g. `http://otel-collector:4318`; `/v1/traces` is added to it.',
    ),
    text(
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
      'unset',
      'The collector’s traces URL as it is (nothing added).',
    ),
    text(
      'OTEL_EXPORTER_OTLP_PROTOCOL',
      '`http/protobuf`',
      '`http/protobuf`, `http/json` or `grpc` (then port 4317).',
    ),
    text(
      'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
      '`OTEL_EXPORTER_OTLP_PROTOCOL`',
      'The same, for traces only.',
    ),
    text(
      'OTEL_EXPORTER_OTLP_HEADERS',
      'unset',
      '`key=value,...` sent to the collector (its API key).',
    ),
    text('OTEL_SERVICE_NAME', '`recordings-graph`', 'The service name spans carry.'),
    text(
      'OTEL_RESOURCE_ATTRIBUTES',
      'unset',
      '`key=value,...` resource attributes (`service.name=` here also names the service).',
    ),
    text(
      'OTEL_TRACES_SAMPLER',
      'unset: parent-based ratio',
      'The sampler, by its OpenTelemetry name.',
    ),
    text(
      'OTEL_TRACES_SAMPLER_ARG',
      '`1`',
      'The ratio of new traces sampled; a request that brings a `traceparent` follows its ' +
        'caller’s decision, and a subscription event’s execution follows the decision of the ' +
        'webhook span it links to.',
    ),
    text('OTEL_BSP_SCHEDULE_DELAY', '`5000` ms', 'Batch span processor: delay between exports.'),
    text('OTEL_BSP_MAX_QUEUE_SIZE', '`2048`', 'Batch span processor: spans queued at most.'),
    text('OTEL_BSP_MAX_EXPORT_BATCH_SIZE', '`512`', 'Batch span processor: spans per export.'),
    text('OTEL_BSP_EXPORT_TIMEOUT', '`30000` ms', 'Batch span processor: export deadline.'),
    text('OTEL_SDK_DISABLED', '`false`', '`true` turns tracing off.'),
  ],
};

export function readObservabilityConfig(
  read: EnvReader,
  server: { port: number; host: string; production: boolean },
): ObservabilityConfig {
  const metricsPort = read.optionalInteger(SETTINGS.metricsPort.name, 0, 65535);
  if (metricsPort !== null && metricsPort !== 0 && metricsPort === server.port) {
    read.problem(
      `METRICS_PORT (${metricsPort}) must differ from PORT: metrics get a port of their own, ` +
        'or leave METRICS_PORT unset to serve them on PORT',
    );
  }
  if (server.production && metricsPort === null) {
    read.warn('/metrics is served on the public port; set METRICS_PORT to serve it internally');
  }
  return {
    logLevel: read.oneOf(SETTINGS.logLevel.name, LOG_LEVELS, 'info'),
    logFormat: read.oneOf(
      SETTINGS.logFormat.name,
      ['json', 'pretty'],
      server.production ? 'json' : 'pretty',
    ),
    metricsPort,
    // A scraper reaches pods by their address: the same interfaces as HTTP unless narrowed.
    metricsHost: read.string(SETTINGS.metricsHost.name) ?? server.host,
    metricsOperations: read.list(SETTINGS.metricsOperations.name),
  };
}
