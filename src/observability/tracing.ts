// Longer than 300 lines: every span the gateway makes is made here, so that the one `tracer`,
// its off switch and the unsampled stand-ins stay in one place (see the note below).
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import {
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TextMapGetter,
  type Tracer,
} from '@opentelemetry/api';

// Spans are made through this file only, with the OpenTelemetry API (never the SDK, which
// tracing-setup.ts loads when tracing is on). Until `enableSpans` runs, every helper returns at
// once: no span, no attribute object, no closure on any request path.
//
// The parent of a span is passed by hand (a request carries its `TraceParent`), never found in
// an async context: on Node 20 AsyncLocalStorage hooks every promise of every request, sampled
// or not, and that alone cost more than the 3% a 1%-sampled trace may (see README, Tracing).
let tracer: Tracer | null = null;

/** Where a request's spans hang: the span of the work they belong to. Opaque outside this file. */
export type TraceParent = Context;

/** Called once by tracing-setup.ts, after the SDK registered its tracer provider. */
export function enableSpans(name: string, version: string): void {
  tracer = trace.getTracer(name, version);
}

/** The ids a log line about this work carries ({} when it is not traced or not sampled). */
export function traceIds(parent: TraceParent | undefined): {
  trace_id?: string;
  span_id?: string;
} {
  const span = parent === undefined ? undefined : trace.getSpan(parent);
  if (!span?.isRecording()) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

const headerGetter: TextMapGetter<IncomingHttpHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

/**
 * Runs `serve` for an HTTP server span (`POST /graphql`), continuing the caller's W3C
 * `traceparent`/`tracestate` (a router's span becomes the parent) or starting a trace; `serve`
 * gets the span as the parent of the request's work. The span ends when the response does, with
 * its status. Without tracing, `serve` just runs (with no parent).
 */
export function inServerSpan<R>(
  route: string,
  request: IncomingMessage,
  response: ServerResponse,
  serve: (request: IncomingMessage, response: ServerResponse, parent: TraceParent | undefined) => R,
): R {
  if (tracer === null) return serve(request, response, undefined);
  const method = request.method ?? 'GET';
  const incoming = propagation.extract(ROOT_CONTEXT, request.headers, headerGetter);
  const span = tracer.startSpan(
    `${method} ${route}`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': method,
        'http.route': route,
        // The path only: a query string (GET operations) may carry variables.
        'url.path': route,
        'url.scheme': 'http',
        'network.protocol.version': request.httpVersion,
      },
    },
    incoming,
  );
  if (span.isRecording()) {
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
  }
  return serve(request, response, trace.setSpan(incoming, span));
}

/** What the GraphQL pipeline tells an operation span. */
export interface OperationTrace {
  /** The parent of the operation's own work (loader batches, upstream calls). */
  readonly parent: TraceParent;
  /** False when the trace is not sampled: then nothing is recorded, only passed on. */
  readonly recording: boolean;
  /** Names the span `query RecordingsWithConferences`; never the variables or document. */
  named(operationName: string | null | undefined, operationType: string | undefined): void;
  /** A pipeline phase began: `graphql.parse`, `graphql.validate`, `graphql.execute`. */
  phase(name: string): void;
  /** The answer's error codes: an error status when there are any. */
  answered(codes: readonly string[]): void;
  /** A subscription event's one result went to this many subscribers (a shared execution). */
  delivered(subscribers: number): void;
  end(): void;
}

/**
 * One span per GraphQL request, under `parent` (the server span): the Apollo plugin or the
 * direct path names it once the operation is known. Undefined without tracing.
 */
export function startOperationSpan(parent: TraceParent | undefined): OperationTrace | undefined {
  if (tracer === null || parent === undefined) return undefined;
  // Not sampled: no span of its own; its calls carry the server span's id and the decision.
  if (!trace.getSpan(parent)?.isRecording()) return { ...UNSAMPLED_OPERATION, parent };
  const span = tracer.startSpan('GraphQL Operation', { kind: SpanKind.INTERNAL }, parent);
  return operationTrace(span, trace.setSpan(parent, span));
}

const ignore = (): void => undefined;
const UNSAMPLED_OPERATION = {
  recording: false,
  named: ignore,
  phase: ignore,
  answered: ignore,
  delivered: ignore,
  end: ignore,
} as const;

function operationTrace(span: Span, parent: TraceParent): OperationTrace {
  let named = false;
  return {
    parent,
    recording: true,
    named: (operationName, operationType) => {
      // A batch's operations share one span: the first names it.
      if (named || !span.isRecording()) return;
      named = true;
      if (operationType) span.setAttribute('graphql.operation.type', operationType);
      if (operationName) span.setAttribute('graphql.operation.name', operationName);
      const label = [operationType, operationName].filter(Boolean).join(' ');
      if (label) span.updateName(label);
    },
    phase: (name) => span.addEvent(name),
    answered: (codes) => {
      if (codes.length === 0 || !span.isRecording()) return;
      const unique = [...new Set(codes)];
      span.setAttribute('graphql.error.codes', unique);
      span.setAttribute('error.type', unique[0] ?? 'UNKNOWN');
      span.setStatus({ code: SpanStatusCode.ERROR, message: unique.join(', ') });
    },
    delivered: ignore,
    end: () => span.end(),
  };
}

/** An upstream HTTP attempt's client span; its traceparent goes out on that attempt. */
export interface ClientSpan {
  /** Adds `traceparent` (and `tracestate`) naming this span to the request's headers. */
  inject(headers: Record<string, string>): void;
  /** The attempt ended: with an answer's status, or failed with a coded error. */
  end(status: number, errorCode: string | undefined): void;
}

/** For a request that is traced but not sampled: its decision goes on, and nothing is recorded. */
const unsampledClient = (parent: TraceParent): ClientSpan => ({
  inject: (headers) => propagation.inject(parent, headers),
  end: () => undefined,
});

/**
 * One client span per upstream HTTP attempt under `parent`, named by method and route template
 * (never the path, its ids or query). `queuedMs`: time waiting for the rate pacer or a
 * concurrency slot; `resends`: the retries before this attempt. Undefined without a parent.
 */
export function startClientSpan(
  parent: TraceParent | undefined,
  method: string,
  routeTemplate: string,
  server: URL,
  queuedMs: number,
  resends: number,
): ClientSpan | undefined {
  if (tracer === null || parent === undefined) return undefined;
  if (!trace.getSpan(parent)?.isRecording()) return unsampledClient(parent);
  const attributes: Attributes = {
    'http.request.method': method,
    'url.template': routeTemplate,
    'server.address': server.hostname,
    'server.port': Number(server.port) || (server.protocol === 'https:' ? 443 : 80),
    'recordings_graph.queue.duration_ms': Math.round(queuedMs * 1000) / 1000,
  };
  if (resends > 0) attributes['http.request.resend_count'] = resends;
  const span = tracer.startSpan(
    `${method} ${routeTemplate}`,
    { kind: SpanKind.CLIENT, attributes },
    parent,
  );
  return {
    inject: (headers) => propagation.inject(trace.setSpan(parent, span), headers),
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
 * A DataLoader batch function that records a span per batch under `parent`, naming the loader
 * and the batch size. Without a sampled parent, the batch function itself.
 */
export function tracedBatch<K, V>(
  parent: TraceParent | undefined,
  loader: string,
  batch: (keys: readonly K[]) => Promise<readonly (V | Error)[]>,
): (keys: readonly K[]) => Promise<readonly (V | Error)[]> {
  const active = tracer;
  if (active === null || parent === undefined || !trace.getSpan(parent)?.isRecording()) {
    return batch;
  }
  return (keys) => {
    const span = active.startSpan(
      `dataloader.batch ${loader}`,
      {
        kind: SpanKind.INTERNAL,
        attributes: { 'dataloader.name': loader, 'dataloader.batch.size': keys.length },
      },
      parent,
    );
    return batch(keys).finally(() => span.end());
  };
}

/** Attributes for the span of `parent` (a webhook's outcome); nothing when not sampled. */
export function annotate(parent: TraceParent | undefined, attributes: Attributes): void {
  const span = parent === undefined ? undefined : trace.getSpan(parent);
  if (span?.isRecording()) span.setAttributes(attributes);
}

/**
 * The W3C headers (`traceparent`, `tracestate`) naming a span, carried with a live event from
 * the webhook that brought it, through the Redis stream, to every replica that executes it.
 */
export type TraceLink = Readonly<Record<string, string>>;

/** The link to the span of `parent` (the received webhook); undefined without tracing. */
export function traceLink(parent: TraceParent | undefined): TraceLink | undefined {
  if (parent === undefined) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(parent, carrier);
  return carrier['traceparent'] === undefined ? undefined : carrier;
}

/** A link as read back off the wire: W3C headers as strings, or nothing (never trusted more). */
export function traceLinkOf(value: unknown): TraceLink | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const carrier: Record<string, string> = {};
  for (const key of ['traceparent', 'tracestate']) {
    const header = (value as Record<string, unknown>)[key];
    if (typeof header === 'string') carrier[key] = header;
  }
  return carrier['traceparent'] === undefined ? undefined : carrier;
}

const linkGetter: TextMapGetter<TraceLink> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

/** What one execution of a live event for its subscribers tells its span. */
export interface EventTrace extends OperationTrace {
  /** What became of the event here: `sent`, or why not (`filtered`, `not_visible`, `failed`). */
  outcome(outcome: string, errorCode?: string): void;
}

/**
 * One span per execution of a live event for a subscription (a group of identical subscribers
 * shares one), named `subscription recordingSaved event`: the root of a trace of its own, with a
 * link to the webhook's span (a webhook fans out to many executions, on many replicas, so it is
 * their link, not their parent). The execution's upstream reads are its children. Undefined
 * without tracing: then the caller makes nothing at all.
 */
export function startEventSpan(
  link: TraceLink | undefined,
  field: string,
  operationName: string | undefined,
): EventTrace | undefined {
  if (tracer === null) return undefined;
  const linked =
    link === undefined
      ? undefined
      : trace.getSpanContext(propagation.extract(ROOT_CONTEXT, link, linkGetter));
  const attributes: Attributes = {
    'graphql.operation.type': 'subscription',
    'recordings_graph.subscription.field': field,
  };
  if (operationName) attributes['graphql.operation.name'] = operationName;
  const span = tracer.startSpan(
    `subscription ${field} event`,
    {
      kind: SpanKind.CONSUMER,
      root: true,
      attributes,
      ...(linked ? { links: [{ context: linked }] } : {}),
    },
    ROOT_CONTEXT,
  );
  const parent = trace.setSpan(ROOT_CONTEXT, span);
  // Not sampled: its reads carry the decision on, and nothing is recorded.
  if (!span.isRecording()) return { ...UNSAMPLED_OPERATION, outcome: ignore, parent };
  let subscribers: number | undefined;
  let sent = false;
  return {
    parent,
    recording: true,
    named: ignore,
    phase: ignore,
    answered: ignore,
    delivered: (count) => {
      subscribers = count;
    },
    outcome: (outcome, errorCode) => {
      sent = outcome === 'sent';
      span.setAttribute('recordings_graph.subscription.outcome', outcome);
      if (errorCode !== undefined) {
        span.setAttribute('error.type', errorCode);
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorCode });
      }
    },
    end: () => {
      // Outside a shared group, one execution serves one subscriber.
      span.setAttribute('recordings_graph.subscription.subscribers', subscribers ?? (sent ? 1 : 0));
      span.end();
    },
  };
}
