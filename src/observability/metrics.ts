// Longer than 300 lines: the catalogue of every metric the gateway exports, on one registry, so
// that names, labels and buckets are reviewed in one place.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { BatchedCounter, type CounterSeries } from './batched-counter';
import { LeanHistogram, type HistogramSeries } from './lean-histogram';
import { SeriesTree } from './series-tree';

const BREAKER_VALUES = { closed: 0, 'half-open': 1, open: 2, isolated: 3 } as const;

export type BreakerStateName = keyof typeof BREAKER_VALUES;

/** What the upstream gauges read when scraped. */
export interface UpstreamGauges {
  readonly limit: number;
  readonly inflight: number;
  readonly queued: number;
  readonly queueDelayMs: number;
  readonly poolConnected: number;
  readonly poolQueued: number;
  readonly poolRunning: number;
  readonly requestsInFlight: number;
  readonly admissionLimit: number;
}

/**
 * The gateway's Prometheus metrics, on a registry of its own (so tests can run several gateways
 * in one process). Every label set is bounded: route templates, status codes, error codes, and
 * operation names the operator declared, never ids.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly activeSubscriptionSources = new Map<string, () => number>();
  private readonly knownOperations: ReadonlySet<string>;
  private breakerSource: () => BreakerStateName = () => 'closed';

  readonly graphqlRequests = new BatchedCounter({
    name: 'graphql_requests_total',
    help: 'GraphQL operations answered, by operation name and outcome (ok, partial, error).',
    labelNames: ['operation', 'outcome'] as const,
    registry: this.registry,
  });

  readonly graphqlDuration = new LeanHistogram(
    'graphql_request_duration_seconds',
    'Time to answer a GraphQL operation.',
    ['operation'] as const,
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    this.registry,
  );

  readonly resolverErrors = new Counter({
    name: 'graphql_errors_total',
    help: 'Errors in GraphQL responses, by extensions.code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly upstreamRequests = new BatchedCounter({
    name: 'upstream_requests_total',
    help: 'HTTP attempts to the upstream API, by route template, method, status and outcome.',
    labelNames: ['route', 'method', 'status', 'outcome'] as const,
    registry: this.registry,
  });

  readonly upstreamDuration = new LeanHistogram(
    'upstream_request_duration_seconds',
    'Latency of HTTP attempts to the upstream API.',
    ['route', 'method'] as const,
    [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    this.registry,
  );

  readonly loaderBatchSize = new LeanHistogram(
    'dataloader_batch_size',
    'Keys per DataLoader batch (distinct ids fetched together).',
    ['loader'] as const,
    [1, 2, 5, 10, 20, 50, 100, 250],
    this.registry,
  );

  readonly upstreamAuthFailures = new Counter({
    name: 'upstream_auth_failures_total',
    help: 'Upstream answers refusing the gateway’s own API key (401/403): a revoked or wrong key.',
    registers: [this.registry],
  });

  readonly upstreamDrift = new Counter({
    name: 'upstream_drift_total',
    help:
      'What the gateway tolerated in upstream answers, by resource, field, kind (unknown_value, ' +
      'invalid, coerced, offsetless_timestamp, broken_row, inconsistent_page, page_size_capped, ' +
      'unordered_list) ' +
      'and, for unknown enum values, the value.',
    labelNames: ['resource', 'field', 'kind', 'value'] as const,
    registers: [this.registry],
  });

  readonly requestsShed = new BatchedCounter({
    name: 'graphql_requests_shed_total',
    help: 'GraphQL requests refused at the door (503 OVERLOADED), by reason (saturated, queue_timeout, concurrency).',
    labelNames: ['reason'] as const,
    registry: this.registry,
  });

  readonly webhookEvents = new Counter({
    name: 'webhook_events_total',
    help:
      'Provider webhook deliveries, by event type (the ones acted on, or "other") and outcome ' +
      '(accepted, duplicate, ignored, unusable, unsigned, forged, stale, malformed, too_large).',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly subscriptionEvents = new Counter({
    name: 'graphql_subscription_events_total',
    help:
      'Events offered to subscription executions, by field and outcome (sent, filtered, ' +
      'not_visible: the credential cannot read the resource, failed). Identical WebSocket ' +
      'subscribers share one execution: counted once.',
    labelNames: ['field', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly subscribersTooSlow = new Counter({
    name: 'live_subscribers_too_slow_total',
    help:
      'Subscriptions ended with SUBSCRIBER_TOO_SLOW: their waiting events passed the count or ' +
      'byte bound (LIVE_SUBSCRIBER_MAX_EVENTS, LIVE_SUBSCRIBER_MAX_BYTES). Never a silent gap.',
    labelNames: ['field'] as const,
    registers: [this.registry],
  });

  readonly liveStreamWrites = new Counter({
    name: 'live_stream_writes_total',
    help:
      'Events written to the Redis stream, by result (ok; failed: kept in the outbox; ' +
      'from_outbox: written once Redis was back).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly liveOutboxDropped = new Counter({
    name: 'live_outbox_dropped_total',
    help:
      'Events the outbox could not keep (LIVE_OUTBOX_MAX_EVENTS reached while Redis was away): ' +
      'other replicas never receive them.',
    registers: [this.registry],
  });

  readonly cacheRequests = new Counter({
    name: 'cache_requests_total',
    help: 'Cross-request cache lookups, by kind and result (hit, miss).',
    labelNames: ['kind', 'result'] as const,
    registers: [this.registry],
  });

  readonly redisErrors = new Counter({
    name: 'redis_errors_total',
    help: 'Redis commands that failed or timed out (the gateway went on without Redis), by what they were for.',
    labelNames: ['operation'] as const,
    registers: [this.registry],
  });

  readonly directExecutions = new BatchedCounter({
    name: 'graphql_direct_executions_total',
    help: "Operations of a known document offered to the direct path, by outcome (answered; apollo: a check refused it or the answer had errors, so Apollo's pipeline answered).",
    labelNames: ['outcome'] as const,
    registry: this.registry,
  });

  /** `knownOperations`: the only operation names that get a label of their own. */
  constructor(knownOperations: Iterable<string> = []) {
    this.knownOperations = new Set(knownOperations);
    collectDefaultMetrics({ register: this.registry });
    const source = () => this.breakerSource();
    new Gauge({
      name: 'upstream_circuit_state',
      help: 'Upstream circuit breaker: 0 closed, 1 half-open, 2 open, 3 isolated.',
      registers: [this.registry],
      collect() {
        this.set(BREAKER_VALUES[source()]);
      },
    });
  }

  /** Events waiting in the live outbox for Redis to return. */
  watchLiveOutbox(source: () => number): void {
    new Gauge({
      name: 'live_outbox_events',
      help: 'Events received here that wait for Redis to take them (the other replicas have not seen them yet).',
      registers: [this.registry],
      collect() {
        this.set(source());
      },
    });
  }

  watchBreaker(source: () => BreakerStateName): void {
    this.breakerSource = source;
  }

  // Series looked up by nested maps of their label values: no label object, key string or hash
  // per call (these run for every operation, every upstream attempt and, under overload, every
  // refusal). The values come from small, bounded sets.
  private readonly operationSeries = new SeriesTree<CounterSeries>();
  private readonly operationDurations = new SeriesTree<HistogramSeries>();
  private readonly upstreamSeries = new SeriesTree<CounterSeries>();
  private readonly upstreamDurations = new SeriesTree<HistogramSeries>();
  private readonly batchSizes = new SeriesTree<HistogramSeries>();
  private readonly shedSeries = new SeriesTree<CounterSeries>();

  /** One GraphQL operation answered. */
  recordOperation(operation: string, outcome: string, seconds: number): void {
    this.operationSeries
      .at2(operation, outcome, () => this.graphqlRequests.series({ operation, outcome }))
      .inc();
    this.operationDurations
      .at1(operation, () => this.graphqlDuration.series({ operation }))
      .observe(seconds);
  }

  /** One GraphQL request refused at the door. */
  recordShed(reason: string): void {
    this.shedSeries.at1(reason, () => this.requestsShed.series({ reason })).inc();
  }

  /** One upstream HTTP attempt. */
  recordUpstream(
    route: string,
    method: string,
    status: string,
    outcome: string,
    seconds: number,
  ): void {
    this.upstreamSeries
      .at4(route, method, status, outcome, () =>
        this.upstreamRequests.series({ route, method, status, outcome }),
      )
      .inc();
    this.upstreamDurations
      .at2(route, method, () => this.upstreamDuration.series({ route, method }))
      .observe(seconds);
  }

  /** One DataLoader batch and how many keys it fetched together. */
  recordLoaderBatch(loader: string, size: number): void {
    this.batchSizes.at1(loader, () => this.loaderBatchSize.series({ loader })).observe(size);
  }

  /** Gauges read when scraped: WebSocket connections and the subscriptions they run. */
  /** Shared executions: each serves every subscriber with identical reads. */
  watchSharedExecutions(source: () => number): void {
    new Gauge({
      name: 'graphql_ws_shared_executions',
      help:
        'Subscription executions running over WebSocket; identical subscribers (document, ' +
        'variables, credential, caller) share one.',
      registers: [this.registry],
      collect() {
        this.set(source());
      },
    });
  }

  watchSubscriptions(source: () => { connections: number; subscriptions: number }): void {
    new Gauge({
      name: 'graphql_ws_connections',
      help: 'Open graphql-ws connections.',
      registers: [this.registry],
      collect() {
        this.set(source().connections);
      },
    });
    this.watchActiveSubscriptions('websocket', () => source().subscriptions);
  }

  /**
   * `graphql_subscriptions_active{transport}`: subscriptions running over WebSocket, or over the
   * router's HTTP callback protocol.
   */
  watchActiveSubscriptions(transport: 'websocket' | 'callback', count: () => number): void {
    if (this.activeSubscriptionSources.size === 0) {
      const sources = this.activeSubscriptionSources;
      new Gauge({
        name: 'graphql_subscriptions_active',
        help: 'GraphQL subscriptions running, by transport (websocket, callback).',
        labelNames: ['transport'],
        registers: [this.registry],
        collect() {
          for (const [name, read] of sources) this.set({ transport: name }, read());
        },
      });
    }
    this.activeSubscriptionSources.set(transport, count);
  }

  /** Gauges read when scraped: the upstream limiter, the HTTP pool, requests running. */
  watchUpstream(source: () => UpstreamGauges): void {
    const gauge = (name: string, help: string, read: (gauges: UpstreamGauges) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read(source()));
        },
      });
    gauge(
      'upstream_concurrency_limit',
      'The adaptive limit on upstream requests in flight.',
      (g) => g.limit,
    );
    gauge('upstream_in_flight', 'Upstream requests holding a slot.', (g) => g.inflight);
    gauge('upstream_queued', 'Upstream calls waiting for a slot.', (g) => g.queued);
    gauge(
      'upstream_queue_delay_seconds',
      'How long the oldest waiting upstream call has waited.',
      (g) => g.queueDelayMs / 1000,
    );
    gauge('upstream_pool_connected', 'Sockets open to the upstream.', (g) => g.poolConnected);
    gauge(
      'upstream_pool_queued',
      'Requests waiting in the HTTP pool for a socket (should stay near zero).',
      (g) => g.poolQueued,
    );
    gauge('upstream_pool_running', 'Requests on the wire to the upstream.', (g) => g.poolRunning);
    gauge(
      'graphql_requests_in_flight',
      'GraphQL requests admitted and running.',
      (g) => g.requestsInFlight,
    );
    gauge(
      'graphql_admission_limit',
      'The adaptive limit on GraphQL requests running at once.',
      (g) => g.admissionLimit,
    );
  }

  /**
   * A label for a client-chosen operation name: its own for a known operation, else `other`
   * (`anonymous` without a name). Clients cannot mint labels, so they cannot use them up.
   */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    return this.knownOperations.has(name) ? name : 'other';
  }
}
