import { randomBytes } from 'node:crypto';
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator-server';
import { postGraphQL } from '../support/graphql-client';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver';
import { spawnGateway, type GatewayProcess } from '../support/spawn-gateway';
import { startHiveGateway, type RunningHiveGateway } from '../support/start-hive-gateway';
import { composeSupergraph } from '../support/start-supergraph';

/** The slice of an ended OpenTelemetry span (the router's SDK) this test reads. */
interface RouterSpan {
  readonly name: string;
  spanContext(): { traceId: string; spanId: string };
  readonly parentSpanContext?: { spanId: string };
}

// Loaded untyped, as start-hive-gateway.ts loads the runtime (its types pull in the DOM library).
/* eslint-disable @typescript-eslint/no-require-imports */
const { openTelemetrySetup } = require('@graphql-hive/plugin-opentelemetry/setup') as {
  openTelemetrySetup: (options: Record<string, unknown>) => void;
};
const { useOpenTelemetry } = require('@graphql-hive/plugin-opentelemetry') as {
  useOpenTelemetry: (options: Record<string, unknown>) => unknown;
};
const { Logger } = require('@graphql-hive/logger') as {
  Logger: new (options: { level: false }) => unknown;
};
/* eslint-enable @typescript-eslint/no-require-imports */

const API_KEY = 'federated-trace-key-41c9';
const SERVER = 2;
const CLIENT = 3;

describe('a trace through Hive Gateway', () => {
  const routerSpans: RouterSpan[] = [];
  let receiver: OtlpReceiver | undefined;
  let simulator: RunningSimulator | undefined;
  let gateway: GatewayProcess | undefined;
  let router: RunningHiveGateway | undefined;

  beforeAll(async () => {
    const collector = await startOtlpReceiver();
    receiver = collector;
    const upstream = await startSimulator({ apiKeys: [API_KEY], recordRequests: true });
    simulator = upstream;
    const subgraph = await spawnGateway({
      UPSTREAM_URL: upstream.baseUrl.href,
      UPSTREAM_API_KEY: API_KEY,
      AUTH_DISABLED: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '50',
    });
    gateway = subgraph;
    // The router's own OpenTelemetry, as Hive Gateway documents it; its spans are kept here.
    openTelemetrySetup({
      contextManager: null,
      log: new Logger({ level: false }),
      resource: { serviceName: 'hive-gateway' },
      traces: {
        processors: [
          {
            onStart: () => undefined,
            onEnd: (span: RouterSpan) => routerSpans.push(span),
            forceFlush: () => Promise.resolve(),
            shutdown: () => Promise.resolve(),
          },
        ],
      },
    });
    const { supergraphSdl } = composeSupergraph({ recordings: subgraph.url });
    router = await startHiveGateway(supergraphSdl, 'recordings', {
      plugins: (context) => [
        useOpenTelemetry({ ...(context as Record<string, unknown>), traces: true }),
      ],
    });
  }, 30_000);
  afterAll(async () => {
    await router?.stop();
    await gateway?.stop();
    await simulator?.close();
    await receiver?.close();
  });

  it("continues the router's trace into the subgraph's spans and on to the provider", async () => {
    const traceId = randomBytes(16).toString('hex');
    const clientSpanId = randomBytes(8).toString('hex');
    simulator!.clearRequests();
    const response = await postGraphQL(
      router!.url,
      'query ThroughRouter { recordings(first: 3) { nodes { id } } }',
      {},
      { headers: { traceparent: `00-${traceId}-${clientSpanId}-01` } },
    );
    expect(response.errors).toBeUndefined();
    await receiver!.waitFor((spans) =>
      spans.some((span) => span.traceId === traceId && span.kind === SERVER),
    );

    const ours = receiver!.spans.filter((span) => span.traceId === traceId);
    const server = ours.find((span) => span.kind === SERVER)!;
    // Its parent is a span the router made in the same trace (its call to this subgraph).
    const routerIds = new Set(
      routerSpans
        .filter((span) => span.spanContext().traceId === traceId)
        .map((span) => span.spanContext().spanId),
    );
    expect(routerIds.size).toBeGreaterThan(0);
    expect(routerIds.has(server.parentSpanId!)).toBe(true);
    expect(server.parentSpanId).not.toBe(clientSpanId);

    // And the provider heard of our client span, in the same trace.
    const clients = ours.filter((span) => span.kind === CLIENT);
    expect(clients.length).toBeGreaterThan(0);
    expect(simulator!.requests.map((call) => call.traceparent).sort()).toEqual(
      clients.map((span) => `00-${traceId}-${span.spanId}-01`).sort(),
    );
  });
});
