import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse, type Type } from 'protobufjs';

/**
 * The part of opentelemetry-proto (collector/trace/v1, trace/v1, common/v1, resource/v1) a trace
 * export uses, with its real field numbers. The exporter we ship (0.223) encodes protobuf by hand
 * and carries no generated types to decode with, so the receiver parses these definitions with
 * protobufjs: offline, and independent of the code under test.
 */
const OTLP_TRACE_PROTO = `
syntax = "proto3";
package opentelemetry.proto;
message AnyValue {
  oneof value {
    string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
    ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope {
  string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4;
}
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message Status { string message = 2; int32 code = 3; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4;
  fixed32 flags = 16; string name = 5; int32 kind = 6;
  fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9; uint32 dropped_attributes_count = 10;
  repeated Event events = 11; uint32 dropped_events_count = 12;
  repeated Link links = 13; uint32 dropped_links_count = 14; Status status = 15;
  message Event {
    fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3;
    uint32 dropped_attributes_count = 4;
  }
  message Link {
    bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4;
    uint32 dropped_attributes_count = 5; fixed32 flags = 6;
  }
}
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
`;

const exportRequest: Type = parse(OTLP_TRACE_PROTO).root.lookupType(
  'opentelemetry.proto.ExportTraceServiceRequest',
);

export type AttributeValue = string | number | boolean | readonly AttributeValue[] | null;

/** One span as received, in either protocol. Ids are lowercase hex. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** Undefined for a root span. */
  readonly parentSpanId: string | undefined;
  readonly name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 5 consumer. */
  readonly kind: number;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly events: readonly { readonly name: string }[];
  /** The spans this one links to (not its parent), by ids. */
  readonly links: readonly { readonly traceId: string; readonly spanId: string }[];
  /** OTLP StatusCode: 0 unset, 1 ok, 2 error. */
  readonly status: { readonly code: number; readonly message: string };
  /** The resource's `service.name`. */
  readonly service: string;
}

/** One export request as it arrived. */
export interface ReceivedExport {
  readonly contentType: string;
  readonly headers: IncomingHttpHeaders;
  /** Every string in the payload, decoded: what a secret scan looks at. */
  readonly text: string;
}

export interface OtlpReceiver {
  /** The base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it (the exporter adds /v1/traces). */
  readonly endpoint: string;
  readonly spans: ReceivedSpan[];
  readonly exports: ReceivedExport[];
  /** Resolves once spans matching `until` arrived (polling), or rejects after `timeoutMs`. */
  waitFor(until: (spans: readonly ReceivedSpan[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

type Wire = Record<string, unknown>;

const hex = (value: unknown): string =>
  typeof value === 'string'
    ? value.toLowerCase() // OTLP/JSON writes ids as hex already
    : value instanceof Uint8Array
      ? Buffer.from(value).toString('hex')
      : '';

function attributeValue(value: Wire | undefined): AttributeValue {
  if (!value) return null;
  if ('stringValue' in value) return String(value['stringValue']);
  if ('boolValue' in value) return Boolean(value['boolValue']);
  if ('intValue' in value) return Number(value['intValue']);
  if ('doubleValue' in value) return Number(value['doubleValue']);
  if ('arrayValue' in value) {
    const values = ((value['arrayValue'] as Wire | undefined)?.['values'] ?? []) as Wire[];
    return values.map(attributeValue);
  }
  return null;
}

function attributesOf(list: unknown): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  for (const pair of (list ?? []) as Wire[]) {
    attributes[String(pair['key'])] = attributeValue(pair['value'] as Wire | undefined);
  }
  return attributes;
}

/** Spans from an export request, decoded by OTLP/JSON or protobuf into the same shape. */
function spansOf(request: Wire): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of (request['resourceSpans'] ?? []) as Wire[]) {
    const resource = attributesOf((resourceSpans['resource'] as Wire | undefined)?.['attributes']);
    for (const scopeSpans of (resourceSpans['scopeSpans'] ?? []) as Wire[]) {
      for (const span of (scopeSpans['spans'] ?? []) as Wire[]) {
        const parent = hex(span['parentSpanId']);
        const status = (span['status'] ?? {}) as Wire;
        spans.push({
          traceId: hex(span['traceId']),
          spanId: hex(span['spanId']),
          parentSpanId: parent === '' ? undefined : parent,
          name: String(span['name']),
          kind: Number(span['kind'] ?? 0),
          attributes: attributesOf(span['attributes']),
          events: ((span['events'] ?? []) as Wire[]).map((event) => ({
            name: String(event['name']),
          })),
          links: ((span['links'] ?? []) as Wire[]).map((link) => ({
            traceId: hex(link['traceId']),
            spanId: hex(link['spanId']),
          })),
          status: {
            code: Number(status['code'] ?? 0),
            message: typeof status['message'] === 'string' ? status['message'] : '',
          },
          service: String(resource['service.name']),
        });
      }
    }
  }
  return spans;
}

/** A real OTLP/HTTP trace receiver on an ephemeral port: http/json and http/protobuf. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const exports: ReceivedExport[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/traces') {
        response.writeHead(404).end();
        return;
      }
      const body = Buffer.concat(chunks);
      const contentType = request.headers['content-type'] ?? '';
      let decoded: Wire;
      if (contentType.startsWith('application/json')) {
        decoded = JSON.parse(body.toString('utf8')) as Wire;
      } else if (contentType.startsWith('application/x-protobuf')) {
        decoded = exportRequest.toObject(exportRequest.decode(body), {
          longs: String,
          enums: Number,
        });
      } else {
        response.writeHead(415).end();
        return;
      }
      exports.push({ contentType, headers: request.headers, text: JSON.stringify(decoded) });
      spans.push(...spansOf(decoded));
      // An empty ExportTraceServiceResponse: full success, in the request's own encoding.
      if (contentType.startsWith('application/json')) {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } else {
        response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    exports,
    waitFor: async (until, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!until(spans)) {
        if (Date.now() > deadline) {
          throw new Error(
            `spans did not arrive; got: ${spans.map((span) => span.name).join(', ')}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
