import {
  ROOT_CONTEXT,
  TraceFlags,
  trace,
  type Attributes,
  type Context,
  type ContextManager,
  type Link,
  type SpanKind,
} from '@opentelemetry/api';
import type { tracing } from '@opentelemetry/sdk-node';
import { enableSpans } from './tracing';

type SdkModule = typeof import('@opentelemetry/sdk-node');

/** The running SDK: `shutdown` exports the spans still buffered. */
export interface RunningTracing {
  /** Where spans go, for the start log line: exporter names, never headers. */
  readonly exporters: string;
  shutdown(): Promise<void>;
}

const SERVICE_NAME = 'recordings-graph';
const VERSION = '0.1.0';

/**
 * Whether the environment asks for traces: an exporter other than `none`, or an OTLP endpoint.
 * Off otherwise, and always with OTEL_SDK_DISABLED=true.
 */
export function tracingRequested(env: NodeJS.ProcessEnv): boolean {
  if (env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true') return false;
  const exporters = (env['OTEL_TRACES_EXPORTER'] ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (exporters.includes('none')) return false;
  return (
    exporters.length > 0 ||
    Boolean(env['OTEL_EXPORTER_OTLP_ENDPOINT']) ||
    Boolean(env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'])
  );
}

/**
 * Starts the OpenTelemetry Node SDK when the standard OTEL_* variables ask for traces; the SDK
 * reads them itself (exporter, endpoint, protocol, headers, sampler, batch processor). Traces
 * only: metrics stay Prometheus's and logs pino's. Two defaults of ours: the service name, and a
 * parent-based ratio sampler, so OTEL_TRACES_SAMPLER_ARG alone sets the ratio. Returns null (and
 * loads nothing) when tracing is off.
 */
export function startTracing(env: NodeJS.ProcessEnv): RunningTracing | null {
  if (!tracingRequested(env)) return null;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when tracing is on
  const sdk = require('@opentelemetry/sdk-node') as SdkModule;
  const named =
    Boolean(env['OTEL_SERVICE_NAME']) ||
    /\bservice\.name=/.test(env['OTEL_RESOURCE_ATTRIBUTES'] ?? '');
  const ratio = Number(env['OTEL_TRACES_SAMPLER_ARG'] ?? '1');
  const running = new sdk.NodeSDK({
    ...(named ? {} : { serviceName: SERVICE_NAME }),
    ...(env['OTEL_TRACES_SAMPLER']
      ? {}
      : {
          sampler: new LinkedRootSampler(
            new sdk.tracing.ParentBasedSampler({
              root: new sdk.tracing.TraceIdRatioBasedSampler(
                Number.isFinite(ratio) && ratio >= 0 && ratio <= 1 ? ratio : 1,
              ),
            }),
            sdk.tracing.SamplingDecision,
          ),
        }),
    metricReaders: [],
    logRecordProcessors: [],
    contextManager: new SyncContextManager(),
  });
  running.start();
  enableSpans(SERVICE_NAME, VERSION);
  return {
    exporters: env['OTEL_TRACES_EXPORTER'] ?? 'otlp',
    shutdown: () => running.shutdown(),
  };
}

/**
 * Our default sampler, parent-based ratio, with one addition: a root span that links to another
 * (a live event's execution, linked to the webhook that brought it) follows that span's decision,
 * so a sampled webhook's executions are sampled with it on every replica, and an unsampled one's
 * are not; at 1% the link would otherwise almost never have both ends.
 */
class LinkedRootSampler implements tracing.Sampler {
  constructor(
    private readonly inner: tracing.Sampler,
    private readonly decisions: typeof tracing.SamplingDecision,
  ) {}

  shouldSample(
    context: Context,
    traceId: string,
    name: string,
    kind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): tracing.SamplingResult {
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
