import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type TextMapGetter,
  type Tracer,
} from '@opentelemetry/api';

// Spans are made through this file only, with the OpenTelemetry API (never the SDK, which
// tracing-setup.ts loads when tracing is on). Until `enableSpans` runs, every helper returns at
// once: no span, no attribute object, no closure on any request path.
let tracer: Tracer | null = null;

/** Called once by tracing-setup.ts, after the SDK registered its tracer provider. */
export function enableSpans(name: string, version: string): void {
  tracer = trace.getTracer(name, version);
}

/** Whether spans are made at all: call sites branch on it to skip work made only for spans. */
export function tracingEnabled(): boolean {
  return tracer !== null;
}

/** The ids a log line carries while a span is active (pino's mixin); {} when none. */
export function activeTraceIds(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/** Attributes for the active span (call only when `tracingEnabled()`). */
export function annotateActiveSpan(attributes: Attributes): void {
  trace.getActiveSpan()?.setAttributes(attributes);
}

const headerGetter: TextMapGetter<IncomingHttpHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

/**
 * Runs `serve` inside an HTTP server span (`POST /graphql`), continuing the caller's W3C
 * `traceparent`/`tracestate` (a router's span becomes the parent) or starting a trace. The span
 * ends when the response does, with its status. Without tracing, `serve` just runs.
 */
export function inServerSpan<R>(
  route: string,
  request: IncomingMessage,
  response: ServerResponse,
  serve: (request: IncomingMessage, response: ServerResponse) => R,
): R {
  if (tracer === null) return serve(request, response);
  const method = request.method ?? 'GET';
  const parent = propagation.extract(ROOT_CONTEXT, request.headers, headerGetter);
  const attributes: Attributes = {
    'http.request.method': method,
    'http.route': route,
    // The path only: a query string (GET operations) may carry variables.
    'url.path': route,
    'url.scheme': 'http',
    'network.protocol.version': request.httpVersion,
  };
  const span = tracer.startSpan(
    `${method} ${route}`,
    { kind: SpanKind.SERVER, attributes },
    parent,
  );
  response.once('close', () => {
    const status = response.statusCode;
    span.setAttribute('http.response.status_code', status);
    if (status >= 500) {
      span.setAttribute('error.type', String(status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    } else if (!response.writableFinished) {
      span.setAttribute('error.type', 'client_closed');
    }
    span.end();
  });
  return context.with(trace.setSpan(parent, span), serve, undefined, request, response);
}

const operationSpans = new WeakSet<Span>();

/**
 * Runs one GraphQL request's work inside an operation span, which the Apollo plugin or the
 * direct path names once the operation is known. Call only when `tracingEnabled()`.
 */
export function inOperationSpan<T>(work: () => Promise<T>): Promise<T> {
  if (tracer === null) return work();
  const span = tracer.startSpan('GraphQL Operation', { kind: SpanKind.INTERNAL });
  operationSpans.add(span);
  return context.with(trace.setSpan(context.active(), span), work).finally(() => span.end());
}

/** What the GraphQL pipeline tells the operation span. */
export interface OperationTrace {
  /** Names the span `query RecordingsWithConferences`; never the variables or document. */
  named(operationName: string | null | undefined, operationType: string | undefined): void;
  /** A pipeline phase began: `graphql.parse`, `graphql.validate`, `graphql.execute`. */
  phase(name: string): void;
  /** The answer's error codes: an error status when there are any. */
  answered(codes: readonly string[]): void;
}

/**
 * The operation span of the work in progress: the endpoint's, or (a batch of operations in one
 * HTTP request, a subscription callback) a span of its own, ended by `answered`. Undefined when
 * tracing is off.
 */
export function traceOperation(): OperationTrace | undefined {
  if (tracer === null) return undefined;
  const active = trace.getActiveSpan();
  const owned = active === undefined || !operationSpans.has(active);
  const span = owned ? tracer.startSpan('GraphQL Operation', { kind: SpanKind.INTERNAL }) : active;
  if (owned) operationSpans.add(span);
  return {
    named: (operationName, operationType) => {
      if (operationType) span.setAttribute('graphql.operation.type', operationType);
      if (operationName) span.setAttribute('graphql.operation.name', operationName);
      const label = [operationType, operationName].filter(Boolean).join(' ');
      if (label) span.updateName(label);
    },
    phase: (name) => span.addEvent(name),
    answered: (codes) => {
      if (codes.length > 0) {
        const unique = [...new Set(codes)];
        span.setAttribute('graphql.error.codes', unique);
        span.setAttribute('error.type', unique[0] ?? 'UNKNOWN');
        span.setStatus({ code: SpanStatusCode.ERROR, message: unique.join(', ') });
      }
      if (owned) span.end();
    },
  };
}

/** An upstream HTTP attempt's client span; its traceparent goes out on that attempt. */
export interface ClientSpan {
  /** Adds `traceparent` (and `tracestate`) naming this span to the request's headers. */
  inject(headers: Record<string, string>): void;
  /** The attempt ended: with an answer's status, or failed with a coded error. */
  end(status: number, errorCode: string | undefined): void;
}

/**
 * One client span per upstream HTTP attempt, named by method and route template (never the path,
 * its ids or query). `queuedMs`: time waiting for the rate pacer or a concurrency slot; `resends`:
 * the retries before this attempt. Undefined when tracing is off.
 */
export function startClientSpan(
  method: string,
  routeTemplate: string,
  server: URL,
  queuedMs: number,
  resends: number,
): ClientSpan | undefined {
  if (tracer === null) return undefined;
  const attributes: Attributes = {
    'http.request.method': method,
    'url.template': routeTemplate,
    'server.address': server.hostname,
    'server.port': Number(server.port) || (server.protocol === 'https:' ? 443 : 80),
    'recordings_graph.queue.duration_ms': Math.round(queuedMs * 1000) / 1000,
  };
  if (resends > 0) attributes['http.request.resend_count'] = resends;
  const span = tracer.startSpan(`${method} ${routeTemplate}`, {
    kind: SpanKind.CLIENT,
    attributes,
  });
  return {
    inject: (headers) => {
      propagation.inject(trace.setSpan(context.active(), span), headers);
    },
    end: (status, errorCode) => {
      if (status > 0) span.setAttribute('http.response.status_code', status);
      if (errorCode !== undefined) {
        span.setAttribute('error.type', errorCode);
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorCode });
      }
      span.end();
    },
  };
}

/**
 * A DataLoader batch function run inside a span naming the loader and the batch size, so the
 * upstream calls a batch makes sit under it. Without tracing, the batch function itself.
 */
export function tracedBatch<K, V>(
  loader: string,
  batch: (keys: readonly K[]) => Promise<readonly (V | Error)[]>,
): (keys: readonly K[]) => Promise<readonly (V | Error)[]> {
  const active = tracer;
  if (active === null) return batch;
  return (keys) => {
    const span = active.startSpan(`dataloader.batch ${loader}`, {
      kind: SpanKind.INTERNAL,
      attributes: { 'dataloader.name': loader, 'dataloader.batch.size': keys.length },
    });
    return context
      .with(trace.setSpan(context.active(), span), () => batch(keys))
      .catch((error: unknown) => {
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      })
      .finally(() => span.end());
  };
}

/** A cross-request cache lookup, as an event on the active span (hit or miss, by kind). */
export function noteCacheLookup(kind: string, hit: boolean): void {
  if (tracer === null) return;
  trace
    .getActiveSpan()
    ?.addEvent(hit ? 'cache.hit' : 'cache.miss', { 'recordings_graph.cache.kind': kind });
}
