import { randomBytes, randomUUID } from 'node:crypto';
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator-server';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';
import {
  describeWithRedis,
  redisCli,
  startRedis,
  type RunningRedis,
} from '../support/redis-server';
import { postRecordingSaved } from '../support/post-webhook';
import { spawnGateway, type GatewayProcess } from '../support/spawn-gateway';
import { subscribe, type Subscriber } from '../support/subscription-client';

const API_KEY = 'live-trace-key-4c09e2';
const CLIENT_TOKEN = 'live-client-token-b7315d';
const SERVER = 2;
const CLIENT = 3;
const CONSUMER = 5;

const SAVED = 'subscription SavedRecordings { recordingSaved { id } }';
type Saved = { recordingSaved: { id: string } };

/** The environment of a traced gateway that takes the simulator's webhooks. */
function tracedEnv(
  simulator: RunningSimulator,
  receiver: OtlpReceiver,
  protocol: string,
): Record<string, string> {
  return {
    UPSTREAM_URL: simulator.baseUrl.href,
    UPSTREAM_API_KEY: API_KEY,
    AUTH_DISABLED: 'true',
    WEBHOOK_PUBLIC_KEY: simulator.webhooks.keys.publicKey,
    // Every event is read from the provider: its read is in the trace.
    CACHE_TTL_SECONDS: '0',
    CACHE_MUTABLE_TTL_SECONDS: '0',
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
    OTEL_BSP_SCHEDULE_DELAY: '50',
  };
}

/** A signed `call.recording.saved` for `recordingId`, POSTed to `gateway` as the provider would. */
async function postWebhook(
  simulator: RunningSimulator,
  gateway: GatewayProcess,
  recordingId: string,
  traceparent?: string,
): Promise<{ eventId: string; headers: Record<string, string> }> {
  const posted = await postRecordingSaved(simulator, gateway.url, recordingId, {
    ...(traceparent === undefined ? {} : { extraHeaders: { traceparent } }),
  });
  expect(posted.status).toBe(200);
  return posted;
}

const webhookSpanOf = (spans: readonly ReceivedSpan[], eventId: string) =>
  spans.find(
    (span) =>
      span.kind === SERVER && span.attributes['recordings_graph.webhook.event_id'] === eventId,
  );

const executionsLinkedTo = (spans: readonly ReceivedSpan[], webhook: ReceivedSpan | undefined) =>
  webhook === undefined
    ? []
    : spans.filter(
        (span) =>
          span.name === 'subscription recordingSaved event' &&
          span.links.some((link) => link.spanId === webhook.spanId),
      );

const childrenOf = (spans: readonly ReceivedSpan[], parent: ReceivedSpan) =>
  spans.filter((span) => span.traceId === parent.traceId && span.parentSpanId === parent.spanId);

/** No key, bearer or webhook signature in anything exported. */
function expectNoSecrets(receiver: OtlpReceiver, webhookHeaders: Record<string, string>): void {
  const everything = receiver.exports.map((received) => received.text).join('\n');
  expect(everything.length).toBeGreaterThan(0);
  for (const secret of [
    API_KEY,
    CLIENT_TOKEN,
    'Bearer',
    webhookHeaders['telnyx-signature-ed25519']!,
  ]) {
    expect(everything).not.toContain(secret);
  }
}

describe('a webhook traced into the subscription executions it caused', () => {
  let receiver: OtlpReceiver;
  let simulator: RunningSimulator;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    simulator = await startSimulator({ apiKeys: [API_KEY], recordRequests: true });
    gateway = await spawnGateway(tracedEnv(simulator, receiver, 'http/protobuf'));
  }, 30_000);
  afterAll(async () => {
    await gateway.stop();
    await simulator.close();
    await receiver.close();
  });

  it('links one execution span per event to the webhook span; the upstream read is its child; nothing secret is exported', async () => {
    // Two identical subscribers: one shared execution serves both.
    const subscribers: Subscriber<Saved>[] = [];
    for (let i = 0; i < 2; i += 1) {
      subscribers.push(
        await subscribe<Saved>(
          gateway.url,
          SAVED,
          {},
          {
            headers: { authorization: `Bearer ${CLIENT_TOKEN}` },
          },
        ),
      );
    }
    const recording = simulator.addRecording();
    simulator.clearRequests();
    const { eventId, headers } = await postWebhook(simulator, gateway, recording.id);
    for (const subscriber of subscribers) {
      const [result] = await subscriber.until(1);
      expect(result?.data?.recordingSaved.id).toBe(recording.id);
    }

    let execution: ReceivedSpan | undefined;
    await receiver.waitFor((spans) => {
      [execution] = executionsLinkedTo(spans, webhookSpanOf(spans, eventId));
      return execution !== undefined && childrenOf(spans, execution).length > 0;
    });
    const spans = receiver.spans;
    const webhook = webhookSpanOf(spans, eventId)!;
    expect(webhook).toMatchObject({
      name: 'POST /webhooks',
      attributes: expect.objectContaining({
        'http.route': '/webhooks',
        'http.response.status_code': 200,
        'recordings_graph.webhook.event_type': 'call.recording.saved',
        'recordings_graph.webhook.outcome': 'accepted',
      }),
    });

    // One execution for both subscribers: a root of its own trace, linked (not parented).
    expect(executionsLinkedTo(spans, webhook)).toHaveLength(1);
    expect(execution).toMatchObject({
      kind: CONSUMER,
      parentSpanId: undefined,
      links: [{ traceId: webhook.traceId, spanId: webhook.spanId }],
      attributes: expect.objectContaining({
        'graphql.operation.type': 'subscription',
        'graphql.operation.name': 'SavedRecordings',
        'recordings_graph.subscription.field': 'recordingSaved',
        'recordings_graph.subscription.outcome': 'sent',
        'recordings_graph.subscription.subscribers': 2,
      }),
    });
    expect(execution!.traceId).not.toBe(webhook.traceId);

    // What the webhook cost upstream: the read, under the execution, sent with its traceparent.
    const reads = childrenOf(spans, execution!).filter((span) => span.kind === CLIENT);
    expect(reads.map((span) => span.name)).toEqual(['GET /recordings/{id}']);
    const read = reads[0]!;
    const calls = simulator.requests.filter((call) => call.path.endsWith(`/${recording.id}`));
    expect(calls.map((call) => call.traceparent)).toEqual([
      `00-${execution!.traceId}-${read.spanId}-01`,
    ]);
    // The webhook's own trace has no upstream read: the cost is the executions'.
    expect(spans.filter((span) => span.traceId === webhook.traceId)).toEqual([webhook]);

    expectNoSecrets(receiver, headers);
    await Promise.all(subscribers.map((subscriber) => subscriber.close()));
  });
});

describe('sampling: an execution follows the decision of the webhook it links to', () => {
  let receiver: OtlpReceiver;
  let simulator: RunningSimulator;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    simulator = await startSimulator({ apiKeys: [API_KEY], recordRequests: true });
    gateway = await spawnGateway({
      ...tracedEnv(simulator, receiver, 'http/json'),
      // No new trace is sampled: only a linked webhook's decision can sample an execution.
      OTEL_TRACES_SAMPLER_ARG: '0',
    });
  }, 30_000);
  afterAll(async () => {
    await gateway.stop();
    await simulator.close();
    await receiver.close();
  });

  const readTraceparent = (recordingId: string): string | undefined =>
    simulator.requests.find((call) => call.path.endsWith(`/${recordingId}`))?.traceparent;

  it('a sampled webhook samples its executions; an unsampled one records nothing and passes its decision on', async () => {
    const subscriber = await subscribe<Saved>(gateway.url, SAVED);
    const sender = randomBytes(16).toString('hex');
    const sampled = simulator.addRecording();
    const { eventId } = await postWebhook(
      simulator,
      gateway,
      sampled.id,
      `00-${sender}-${randomBytes(8).toString('hex')}-01`,
    );
    await subscriber.until(1);
    await receiver.waitFor((spans) => {
      const [execution] = executionsLinkedTo(spans, webhookSpanOf(spans, eventId));
      return execution !== undefined && childrenOf(spans, execution).length > 0;
    });
    expect(webhookSpanOf(receiver.spans, eventId)?.traceId).toBe(sender);
    expect(readTraceparent(sampled.id)).toMatch(/-01$/);

    const unsampledSender = randomBytes(16).toString('hex');
    const unsampled = simulator.addRecording();
    await postWebhook(
      simulator,
      gateway,
      unsampled.id,
      `00-${unsampledSender}-${randomBytes(8).toString('hex')}-00`,
    );
    const results = await subscriber.until(2);
    expect(results[1]?.data?.recordingSaved.id).toBe(unsampled.id);
    const traceparent = readTraceparent(unsampled.id);
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    // Well past the export delay: nothing of either trace arrived.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const executionTrace = traceparent!.split('-')[1];
    expect(
      receiver.spans.filter(
        (span) => span.traceId === unsampledSender || span.traceId === executionTrace,
      ),
    ).toEqual([]);
    await subscriber.close();
  });
});

const withRedis = describeWithRedis();

withRedis('a webhook traced across two replicas sharing one Redis', () => {
  let redis: RunningRedis;
  let receiver: OtlpReceiver;
  let simulator: RunningSimulator;
  let replicas: [GatewayProcess, GatewayProcess];

  beforeAll(async () => {
    redis = await startRedis();
    receiver = await startOtlpReceiver();
    simulator = await startSimulator({ apiKeys: [API_KEY], recordRequests: true });
    const env = { ...tracedEnv(simulator, receiver, 'http/json'), REDIS_URL: redis.url.href };
    replicas = [
      await spawnGateway({ ...env, OTEL_SERVICE_NAME: 'replica-a' }),
      await spawnGateway({ ...env, OTEL_SERVICE_NAME: 'replica-b' }),
    ];
  }, 30_000);
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await simulator.close();
    await receiver.close();
    await redis.stop();
  });

  it("the link survives the Redis stream: the other replica's execution links to the webhook span", async () => {
    const [a, b] = replicas;
    const onB = await subscribe<Saved>(b.url, SAVED);
    const recording = simulator.addRecording();
    const { eventId, headers } = await postWebhook(simulator, a, recording.id);
    const [result] = await onB.until(1);
    expect(result?.data?.recordingSaved.id).toBe(recording.id);

    let execution: ReceivedSpan | undefined;
    await receiver.waitFor((spans) => {
      [execution] = executionsLinkedTo(spans, webhookSpanOf(spans, eventId));
      return execution !== undefined && childrenOf(spans, execution).length > 0;
    });
    const spans = receiver.spans;
    const webhook = webhookSpanOf(spans, eventId)!;
    expect(webhook.service).toBe('replica-a');
    // Only B has a subscriber: the one execution is B's, linked to A's webhook span.
    expect(executionsLinkedTo(spans, webhook)).toHaveLength(1);
    expect(execution).toMatchObject({
      service: 'replica-b',
      parentSpanId: undefined,
      links: [{ traceId: webhook.traceId, spanId: webhook.spanId }],
      attributes: expect.objectContaining({
        'graphql.operation.name': 'SavedRecordings',
        'recordings_graph.subscription.subscribers': 1,
      }),
    });
    expect(childrenOf(spans, execution!)).toEqual([
      expect.objectContaining({
        name: 'GET /recordings/{id}',
        kind: CLIENT,
        service: 'replica-b',
      }),
    ]);
    expectNoSecrets(receiver, headers);
    await onB.close();
  });
  it('an event an older replica wrote without trace context is still executed, in a trace of its own', async () => {
    const [, b] = replicas;
    const onB = await subscribe<Saved>(b.url, SAVED);
    const recording = simulator.addRecording();
    simulator.clearRequests();
    // The record as replicas wrote it before trace links existed, and one with a garbled link.
    const event = {
      kind: 'recording_saved',
      recordingId: recording.id,
      callLegId: null,
      conferenceId: null,
      callSessionId: null,
    };
    for (const [eventId, extra] of [
      [randomUUID(), {}],
      [randomUUID(), { trace: 'not w3c headers' }],
    ] as const) {
      const record = {
        origin: 'older-replica',
        receivedAt: Date.now(),
        event: { ...event, eventId },
        ...extra,
      };
      await redisCli(
        Number(redis.url.port),
        'XADD',
        '{rg-live}:events',
        '*',
        'r',
        JSON.stringify(record),
      );
    }
    const results = await onB.until(2);
    expect(results.map((result) => result.data?.recordingSaved.id)).toEqual([
      recording.id,
      recording.id,
    ]);

    // Each execution is a root without links; its read is still its child.
    const traceIds = simulator.requests
      .filter((call) => call.path.endsWith(`/${recording.id}`))
      .map((call) => call.traceparent?.split('-')[1]);
    expect(traceIds).toHaveLength(2);
    const executionsOf = (spans: readonly ReceivedSpan[]) =>
      spans.filter(
        (span) =>
          traceIds.includes(span.traceId) && span.name === 'subscription recordingSaved event',
      );
    await receiver.waitFor((spans) => executionsOf(spans).length === 2);
    for (const execution of executionsOf(receiver.spans)) {
      expect(execution).toMatchObject({ service: 'replica-b', parentSpanId: undefined, links: [] });
      expect(childrenOf(receiver.spans, execution).map((span) => span.name)).toEqual([
        'GET /recordings/{id}',
      ]);
    }
    await onB.close();
  });
});
