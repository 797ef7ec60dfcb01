import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const BREAKER_VALUES = { closed: 0, 'half-open': 1, open: 2, isolated: 3 } as const;

export type BreakerStateName = keyof typeof BREAKER_VALUES;

/**
 * The gateway's Prometheus metrics, on a registry of its own (so tests can run several gateways
 * in one process). Every label set is bounded: route templates, status codes, error codes, and
 * operation names the operator declared, never ids.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly knownOperations: ReadonlySet<string>;
  private breakerSource: () => BreakerStateName = () => 'closed';

  readonly graphqlRequests = new Counter({
    name: 'graphql_requests_total',
    help: 'GraphQL operations answered, by operation name and outcome (ok, partial, error).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly graphqlDuration = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'Time to answer a GraphQL operation.',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly resolverErrors = new Counter({
    name: 'graphql_errors_total',
    help: 'Errors in GraphQL responses, by extensions.code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly upstreamRequests = new Counter({
    name: 'upstream_requests_total',
    help: 'HTTP attempts to the upstream API, by route template, method, status and outcome.',
    labelNames: ['route', 'method', 'status', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly upstreamDuration = new Histogram({
    name: 'upstream_request_duration_seconds',
    help: 'Latency of HTTP attempts to the upstream API.',
    labelNames: ['route', 'method'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly loaderBatchSize = new Histogram({
    name: 'dataloader_batch_size',
    help: 'Keys per DataLoader batch (distinct ids fetched together).',
    labelNames: ['loader'] as const,
    buckets: [1, 2, 5, 10, 20, 50, 100, 250],
    registers: [this.registry],
  });

  readonly upstreamAuthFailures = new Counter({
    name: 'upstream_auth_failures_total',
    help: 'Upstream answers refusing the gateway’s own API key (401/403): a revoked or wrong key.',
    registers: [this.registry],
  });

  readonly upstreamDrift = new Counter({
    name: 'upstream_drift_total',
    help:
      'What the gateway tolerated in upstream answers, by resource, field, kind (unknown_value, ' +
      'invalid, coerced, offsetless_timestamp, broken_row, inconsistent_page, page_size_capped) ' +
      'and, for unknown enum values, the value.',
    labelNames: ['resource', 'field', 'kind', 'value'] as const,
    registers: [this.registry],
  });

  readonly cacheRequests = new Counter({
    name: 'cache_requests_total',
    help: 'Cross-request cache lookups, by kind and result (hit, miss).',
    labelNames: ['kind', 'result'] as const,
    registers: [this.registry],
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

  watchBreaker(source: () => BreakerStateName): void {
    this.breakerSource = source;
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
