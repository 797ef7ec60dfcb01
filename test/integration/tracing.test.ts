import { randomBytes } from 'node:crypto';
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator-server';
import { postGraphQL } from '../support/graphql-client';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';
import { spawnGateway, type GatewayProcess } from '../support/spawn-gateway';

const API_KEY = 'trace-test-key-7d1e44c0';
const COLLECTOR_TOKEN = 'collector-token-93b1f6';
const CLIENT_TOKEN = 'client-token-2a8e51';
const SERVER = 2;
const CLIENT = 3;
const ERROR = 2;

const LINKED_PAGE = `query RecordingsWithLinks($first: Int!) {
  recordings(first: $first) { nodes { id conference { id name } } }
}`;

/** A router's span: a fresh W3C trace id and span id, sampled. */
function routerSpan(): { traceId: string; spanId: string; traceparent: string } {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
}

/** Whether `span` sits (at any depth) under the span with id `ancestor`. */
function descendsFrom(
  span: ReceivedSpan,
  ancestor: string,
  spans: readonly ReceivedSpan[],
): boolean {
  const byId = new Map(spans.map((candidate) => [candidate.spanId, candidate]));
  for (let parent = span.parentSpanId; parent !== undefined;) {
    if (parent === ancestor) return true;
    parent = byId.get(parent)?.parentSpanId;
  }
  return false;
}

describe.each(['http/json', 'http/protobuf'])('OpenTelemetry traces over OTLP %s', (protocol) => {
  let receiver: OtlpReceiver | undefined;
  let simulator: RunningSimulator | undefined;
  let gateway: GatewayProcess | undefined;

  beforeAll(async () => {
    const started = await startOtlpReceiver();
    receiver = started;
    const upstream = await startSimulator({ apiKeys: [API_KEY], recordRequests: true });
    simulator = upstream;
    gateway = await spawnGateway({
      UPSTREAM_URL: upstream.baseUrl.href,
      UPSTREAM_API_KEY: API_KEY,
      // A subgraph that only a router reaches, as in production behind one.
      AUTH_DISABLED: 'true',
      LOG_FORMAT: 'json',
      // Every request reaches the provider: the spans of each are whole.
      CACHE_TTL_SECONDS: '0',
      CACHE_MUTABLE_TTL_SECONDS: '0',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: started.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer ${COLLECTOR_TOKEN}`,
      OTEL_BSP_SCHEDULE_DELAY: '50',
    });
  }, 30_000);
  afterAll(async () => {
    await gateway?.stop();
    await simulator?.close();
    await receiver?.close();
  });
  beforeEach(() => {
    simulator!.faults.clear();
    simulator!.clearRequests();
  });

  const trace = async (traceId: string, serverSpans = 1): Promise<ReceivedSpan[]> => {
    const of = (spans: readonly ReceivedSpan[]) => spans.filter((s) => s.traceId === traceId);
    // The server span ends last: once it is in, the whole request is.
    await receiver!.waitFor(
      (spans) => of(spans).filter((span) => span.kind === SERVER).length >= serverSpans,
    );
    return of(receiver!.spans);
  };

  it("continues a router's traceparent: server, named operation, one client span per upstream call, each sent with a traceparent naming its span", async () => {
    const router = routerSpan();
    const response = await postGraphQL(
      gateway!.url,
      LINKED_PAGE,
      { first: 5 },
      { headers: { traceparent: router.traceparent } },
    );
    expect(response.errors).toBeUndefined();
    const spans = await trace(router.traceId);

    // Sent in the protocol asked for, and decoded as such.
    const contentType = protocol === 'http/json' ? 'application/json' : 'application/x-protobuf';
    expect(receiver!.exports.map((received) => received.contentType)).toEqual(
      receiver!.exports.map(() => contentType),
    );
    const server = spans.find((span) => span.kind === SERVER)!;
    expect(server).toMatchObject({
      name: 'POST /graphql',
      parentSpanId: router.spanId,
      service: 'recordings-graph',
      attributes: expect.objectContaining({
        'http.request.method': 'POST',
        'http.route': '/graphql',
        'http.response.status_code': 200,
      }),
    });
    const operation = spans.find((span) => span.name === 'query RecordingsWithLinks')!;
    expect(operation.parentSpanId).toBe(server.spanId);
    expect(operation.attributes).toMatchObject({
      'graphql.operation.name': 'RecordingsWithLinks',
      'graphql.operation.type': 'query',
    });
    expect(operation.events.map((event) => event.name)).toEqual([
      'graphql.parse',
      'graphql.validate',
      'graphql.execute',
    ]);
    expect(spans.some((span) => span.name.startsWith('dataloader.batch '))).toBe(true);

    const clients = spans.filter((span) => span.kind === CLIENT);
    // One client span per call the provider saw, and each call named its own span.
    expect(clients.length).toBe(simulator!.requests.length);
    expect(clients.length).toBeGreaterThanOrEqual(2);
    expect(simulator!.requests.map((call) => call.traceparent).sort()).toEqual(
      clients.map((span) => `00-${router.traceId}-${span.spanId}-01`).sort(),
    );
    for (const client of clients) {
      expect(descendsFrom(client, operation.spanId, spans)).toBe(true);
      expect(client.attributes).toMatchObject({
        'http.request.method': 'GET',
        'server.address': '127.0.0.1',
        'http.response.status_code': 200,
      });
      expect(['/recordings', '/conferences/{id}']).toContain(client.attributes['url.template']);
      expect(client.name).toBe(`GET ${String(client.attributes['url.template'])}`);
      expect(typeof client.attributes['recordings_graph.queue.duration_ms']).toBe('number');
    }

    // The request's log line carries the trace it belongs to.
    // Lines are written asynchronously: wait for this one.
    let line: string | undefined;
    for (let tries = 0; line === undefined && tries < 100; tries += 1) {
      line = gateway!
        .output()
        .split('\n')
        .find((text) => text.includes('"operationName":"RecordingsWithLinks"'));
      if (line === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(line).toContain(`"trace_id":"${router.traceId}"`);
    expect(line).toContain(`"span_id":"${operation.spanId}"`);
  });

  it('starts a new trace when the request brings no traceparent', async () => {
    const response = await postGraphQL(
      gateway!.url,
      'query Untraced { recordings(first: 2) { nodes { id } } }',
    );
    expect(response.errors).toBeUndefined();
    await receiver!.waitFor((spans) => spans.some((span) => span.name === 'query Untraced'));
    const operation = receiver!.spans.find((span) => span.name === 'query Untraced')!;
    const spans = await trace(operation.traceId);
    const server = spans.find((span) => span.kind === SERVER)!;
    expect(server.parentSpanId).toBeUndefined();
    expect(operation.parentSpanId).toBe(server.spanId);
    expect(simulator!.requests.map((call) => call.traceparent)).toEqual(
      spans
        .filter((span) => span.kind === CLIENT)
        .map((span) => `00-${operation.traceId}-${span.spanId}-01`),
    );
  });

  it("follows a caller's decision not to sample: records nothing, and passes the decision on", async () => {
    const router = routerSpan();
    const unsampled = `00-${router.traceId}-${router.spanId}-00`;
    const response = await postGraphQL(
      gateway!.url,
      LINKED_PAGE,
      { first: 2 },
      { headers: { traceparent: unsampled } },
    );
    expect(response.errors).toBeUndefined();
    expect(simulator!.requests.length).toBeGreaterThan(0);
    for (const call of simulator!.requests) {
      expect(call.traceparent).toMatch(new RegExp(`^00-${router.traceId}-[0-9a-f]{16}-00$`));
    }
    // A sampled request made after it is exported: had this one been recorded, it would be too.
    const next = routerSpan();
    await postGraphQL(
      gateway!.url,
      LINKED_PAGE,
      { first: 1 },
      {
        headers: { traceparent: next.traceparent },
      },
    );
    await trace(next.traceId);
    expect(receiver!.spans.filter((span) => span.traceId === router.traceId)).toEqual([]);
  });

  it('marks a failed upstream call as an error span with its code, and the operation with it', async () => {
    simulator!.faults.add({ kind: 'status', route: 'GET /conferences/{id}', status: 500 });
    const router = routerSpan();
    const response = await postGraphQL(
      gateway!.url,
      LINKED_PAGE,
      { first: 3 },
      { headers: { traceparent: router.traceparent } },
    );
    expect(response.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_ERROR');
    const spans = await trace(router.traceId);

    const failed = spans.filter(
      (span) => span.kind === CLIENT && span.attributes['url.template'] === '/conferences/{id}',
    );
    expect(failed.length).toBeGreaterThan(0);
    for (const span of failed) {
      expect(span.status).toEqual({ code: ERROR, message: 'UPSTREAM_ERROR' });
      expect(span.attributes).toMatchObject({
        'error.type': 'UPSTREAM_ERROR',
        'http.response.status_code': 500,
      });
    }
    const list = spans.find((span) => span.attributes['url.template'] === '/recordings')!;
    expect(list.status.code).not.toBe(ERROR);
    const operation = spans.find((span) => span.name === 'query RecordingsWithLinks')!;
    expect(operation.status.code).toBe(ERROR);
    expect(operation.attributes['graphql.error.codes']).toEqual(['UPSTREAM_ERROR']);
  });

  it('puts no key, bearer token, variable value, id or pre-signed URL in any span', async () => {
    const recording = simulator!.dataset.recordings[7]!;
    const router = routerSpan();
    const response = await postGraphQL<{
      recording: { downloadUrls: { mp3: string | null } | null } | null;
    }>(
      gateway!.url,
      'query OneRecording($id: ID!) { recording(id: $id) { id downloadUrls { mp3 } } }',
      { id: recording.id },
      { headers: { traceparent: router.traceparent, authorization: `Bearer ${CLIENT_TOKEN}` } },
    );
    const mp3 = response.data?.recording?.downloadUrls?.mp3 ?? '';
    expect(mp3).toContain('?');
    await trace(router.traceId);

    // The collector's own header reached the collector, and only as a header.
    expect(receiver!.exports[0]?.headers.authorization).toBe(`Bearer ${COLLECTOR_TOKEN}`);
    const everything = receiver!.exports.map((received) => received.text).join('\n');
    for (const secret of [
      API_KEY,
      COLLECTOR_TOKEN,
      CLIENT_TOKEN,
      'Bearer',
      recording.id,
      mp3,
      mp3.slice(mp3.indexOf('?') + 1),
    ]) {
      expect(everything).not.toContain(secret);
    }
    for (const span of receiver!.spans) {
      for (const value of Object.values(span.attributes)) {
        // No query string anywhere: they carry variables, filters and signatures.
        if (typeof value === 'string') expect(value).not.toContain('?');
      }
    }
  });
});
