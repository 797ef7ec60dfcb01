import {
  ROOT_CONTEXT,
  TraceFlags,
  context,
  propagation,
  trace,
  type Attributes,
  type Context,
  type ContextManager,
  type Link,
  type SpanKind,
} from '@opentelemetry/api';
import type {
  Sampler,
  SamplingDecision,
  SamplingResult,
  SpanExporter,
  SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { enableSpans } from './tracing';

type TraceSdk = typeof import('@opentelemetry/sdk-trace');
type Resources = typeof import('@opentelemetry/resources');
type Core = typeof import('@opentelemetry/core');

/** The running SDK: `shutdown` exports the spans still buffered. */
export interface RunningTracing {
  /** Where spans go, for the start log line: exporter names, never headers. */
  readonly exporters: string;
  shutdown(): Promise<void>;
}

const SERVICE_NAME = 'recordings-graph';
const VERSION = '0.1.0';

/** OTEL_TRACES_EXPORTER as a list: empty when unset. */
function exportersOf(env: NodeJS.ProcessEnv): string[] {
  return (env['OTEL_TRACES_EXPORTER'] ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/**
 * Whether the environment asks for traces: an exporter other than `none`, or an OTLP endpoint.
 * Off otherwise, and always with OTEL_SDK_DISABLED=true.
 */
export function tracingRequested(env: NodeJS.ProcessEnv): boolean {
  if (env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true') return false;
  const exporters = exportersOf(env);
  if (exporters.includes('none')) return false;
  return (
    exporters.length > 0 ||
    Boolean(env['OTEL_EXPORTER_OTLP_ENDPOINT']) ||
    Boolean(env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'])
  );
}

/** A positive integer from the environment, else the specification's default. */
function integerOf(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = Number(env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** The OTLP exporter for OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL; it reads its endpoint and headers. */
function otlpExporter(env: NodeJS.ProcessEnv): SpanExporter {
  const protocol =
    env['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL']?.trim() ||
    env['OTEL_EXPORTER_OTLP_PROTOCOL']?.trim() ||
    'http/protobuf';
  /* eslint-disable @typescript-eslint/no-require-imports -- each loaded only when chosen */
  switch (protocol) {
    case 'grpc':
      return new (
        require('@opentelemetry/exporter-trace-otlp-grpc') as typeof import('@opentelemetry/exporter-trace-otlp-grpc')
      ).OTLPTraceExporter();
    case 'http/json':
      return new (
        require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http')
      ).OTLPTraceExporter();
    default:
      return new (
        require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto')
      ).OTLPTraceExporter();
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** OTEL_TRACES_SAMPLER (and _ARG) as the specification names them; null when unset. */
export function samplerFromEnv(env: NodeJS.ProcessEnv, sdk: TraceSdk): Sampler | null {
  const name = env['OTEL_TRACES_SAMPLER']?.trim();
  if (!name) return null;
  const ratio = (): Sampler => new sdk.TraceIdRatioBasedSampler(ratioOf(env));
  switch (name) {
    case 'always_on':
      return new sdk.AlwaysOnSampler();
    case 'always_off':
      return new sdk.AlwaysOffSampler();
    case 'traceidratio':
      return ratio();
    case 'parentbased_always_on':
      return new sdk.ParentBasedSampler({ root: new sdk.AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new sdk.ParentBasedSampler({ root: new sdk.AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new sdk.ParentBasedSampler({ root: ratio() });
    default:
      // An unknown name: the specification's default, parent-based always-on.
      return new sdk.ParentBasedSampler({ root: new sdk.AlwaysOnSampler() });
  }
}

function ratioOf(env: NodeJS.ProcessEnv): number {
  const ratio = Number(env['OTEL_TRACES_SAMPLER_ARG'] ?? '1');
  return Number.isFinite(ratio) && ratio >= 0 && ratio <= 1 ? ratio : 1;
}

/**
 * Starts tracing when the standard OTEL_* variables ask for it: OTEL_TRACES_EXPORTER (`otlp`,
 * `console`), the OTLP exporter's endpoint, protocol (`http/protobuf`, `http/json`, `grpc`) and
 * headers (read by the exporter itself), OTEL_TRACES_SAMPLER(_ARG), OTEL_BSP_*, OTEL_SERVICE_NAME
 * and OTEL_RESOURCE_ATTRIBUTES. Traces only: metrics stay Prometheus's and logs pino's. Built
 * from the SDK's parts rather than `@opentelemetry/sdk-node`, which loads every signal's
 * exporters and detectors: 55 MB of RSS and 18 MB of heap against 21 and 4 (the heap the
 * collector walks with every request's garbage). Two defaults of ours: the service name, and a
 * parent-based ratio sampler, so OTEL_TRACES_SAMPLER_ARG alone sets the ratio. Returns null (and
 * loads nothing) when tracing is off.
 */
export function startTracing(env: NodeJS.ProcessEnv): RunningTracing | null {
  if (!tracingRequested(env)) return null;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const sdk = require('@opentelemetry/sdk-trace') as TraceSdk;
  const resources = require('@opentelemetry/resources') as Resources;
  const core = require('@opentelemetry/core') as Core;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const names = exportersOf(env);
  const exporters = names.length === 0 ? ['otlp'] : names;
  const spanProcessors = exporters.flatMap((name): SpanProcessor[] => {
    if (name === 'console') {
      return [new sdk.SimpleSpanProcessor({ exporter: new sdk.ConsoleSpanExporter() })];
    }
    if (name !== 'otlp') return [];
    return [
      new sdk.BatchSpanProcessor({
        exporter: otlpExporter(env),
        scheduledDelayMillis: integerOf(env, 'OTEL_BSP_SCHEDULE_DELAY', 5000),
        maxQueueSize: integerOf(env, 'OTEL_BSP_MAX_QUEUE_SIZE', 2048),
        maxExportBatchSize: integerOf(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512),
        exportTimeoutMillis: integerOf(env, 'OTEL_BSP_EXPORT_TIMEOUT', 30_000),
      }),
    ];
  });
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (the env detector) win over our name.
  const resource = resources
    .defaultResource()
    .merge(resources.resourceFromAttributes({ 'service.name': SERVICE_NAME }))
    .merge(resources.detectResources({ detectors: [resources.envDetector] }));
  const sampler =
    samplerFromEnv(env, sdk) ??
    new LinkedRootSampler(
      new sdk.ParentBasedSampler({ root: new sdk.TraceIdRatioBasedSampler(ratioOf(env)) }),
      sdk.SamplingDecision,
    );
  const provider = new sdk.TracerProvider({ resource, sampler, spanProcessors });
  context.setGlobalContextManager(new SyncContextManager());
  propagation.setGlobalPropagator(
    new core.CompositePropagator({
      propagators: [new core.W3CTraceContextPropagator(), new core.W3CBaggagePropagator()],
    }),
  );
  trace.setGlobalTracerProvider(provider);
  enableSpans(SERVICE_NAME, VERSION);
  return {
    exporters: exporters.join(','),
    shutdown: () => provider.shutdown(),
  };
}

/**
 * Our default sampler, parent-based ratio, with one addition: a root span that links to another
 * (a live event's execution, linked to the webhook that brought it) follows that span's decision,
 * so a sampled webhook's executions are sampled with it on every replica, and an unsampled one's
 * are not; at 1% the link would otherwise almost never have both ends.
 */
class LinkedRootSampler implements Sampler {
  constructor(
    private readonly inner: Sampler,
    private readonly decisions: typeof SamplingDecision,
  ) {}

  shouldSample(
    context: Context,
    traceId: string,
    name: string,
    kind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const link = links[0];
    if (link !== undefined && trace.getSpanContext(context) === undefined) {
      const sampled = (link.context.traceFlags & TraceFlags.SAMPLED) !== 0;
      return {
        decision: sampled ? this.decisions.RECORD_AND_SAMPLED : this.decisions.NOT_RECORD,
      };
    }
    return this.inner.shouldSample(context, traceId, name, kind, attributes, links);
  }

  toString(): string {
    return `LinkedRootSampler{${this.inner.toString()}}`;
  }
}

/**
 * A context manager for synchronous calls only. Our spans get their parents by hand (tracing.ts);
 * the SDK itself only needs `context.with` around an export, synchronously. The SDK's default,
 * AsyncLocalStorage, would hook every promise of the process once first used (Node 20).
 */
class SyncContextManager implements ContextManager {
  private current: Context = ROOT_CONTEXT;

  active(): Context {
    return this.current;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    const previous = this.current;
    this.current = context;
    try {
      return fn.call(thisArg, ...args);
    } finally {
      this.current = previous;
    }
  }

  bind<T>(_context: Context, target: T): T {
    return target;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this.current = ROOT_CONTEXT;
    return this;
  }
}
