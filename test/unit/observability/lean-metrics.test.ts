import { Counter, Histogram, Registry } from 'prom-client';
import { BatchedCounter } from '../../../src/observability/batched-counter';
import { LeanHistogram } from '../../../src/observability/lean-histogram';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// Below, on and above bounds, zero, the largest bucket and beyond, fractions that do not add up
// exactly in binary: every bucket and the sum must read as prom-client's do.
const OBSERVATIONS = [0, 0.001, 0.005, 0.0050001, 0.01, 0.3, 0.1 + 0.2, 1, 7, 10, 11, 250.5];

describe('LeanHistogram', () => {
  it("exports exactly what prom-client's Histogram exports for the same observations", async () => {
    const theirs = new Registry();
    const ours = new Registry();
    const reference = new Histogram({
      name: 'latency_seconds',
      help: 'Latency.',
      labelNames: ['route', 'method'],
      buckets: BUCKETS,
      registers: [theirs],
    });
    const lean = new LeanHistogram(
      'latency_seconds',
      'Latency.',
      ['route', 'method'],
      BUCKETS,
      ours,
    );
    const series = [
      { route: '/recordings/{id}', method: 'GET' },
      { route: '/recordings', method: 'GET' },
      { route: 'with "quotes" and \\ and\nnewline', method: 'DELETE' },
    ];
    const handles = series.map((labels) => lean.series(labels));
    OBSERVATIONS.forEach((value, at) => {
      const which = at % series.length;
      reference.observe(series[which] ?? {}, value);
      handles[which]?.observe(value);
    });

    expect(await ours.metrics()).toBe(await theirs.metrics());
    // As JSON too, but for prom-client's exemplar slots (null: exemplars are off).
    const withoutExemplars = (json: unknown): unknown =>
      JSON.parse(
        JSON.stringify(json, (key, value: unknown) => (key === 'exemplar' ? undefined : value)),
      );
    expect(withoutExemplars(await ours.getMetricsAsJSON())).toEqual(
      withoutExemplars(await theirs.getMetricsAsJSON()),
    );
    expect(await ours.metrics()).toContain(
      'latency_seconds_bucket{le="+Inf",route="/recordings/{id}",method="GET"} 4',
    );
  });

  it('forgets observations on a reset as prom-client does; a series handed out stays valid', async () => {
    const theirs = new Registry();
    const ours = new Registry();
    const reference = new Histogram({
      name: 'size',
      help: 'Sizes.',
      labelNames: ['loader'],
      buckets: [1, 10],
      registers: [theirs],
    });
    const lean = new LeanHistogram('size', 'Sizes.', ['loader'], [1, 10], ours);
    const byId = lean.series({ loader: 'byId' });
    const pages = lean.series({ loader: 'pages' });
    byId.observe(5);
    pages.observe(50);
    reference.observe({ loader: 'byId' }, 5);
    reference.observe({ loader: 'pages' }, 50);
    ours.resetMetrics();
    theirs.resetMetrics();
    // Nothing observed since: no series at all, on either.
    expect(await ours.metrics()).toBe(await theirs.metrics());
    byId.observe(20);
    reference.observe({ loader: 'byId' }, 20);
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.metrics()).toContain('size_count{loader="byId"} 1');
    expect(await ours.metrics()).not.toContain('loader="pages"');
  });

  it('refuses a label set that is not its own', () => {
    const lean = new LeanHistogram('size', 'Sizes.', ['loader'], [1], new Registry());
    // As an untyped caller could: the types refuse both.
    const wrong = (labels: Record<string, string>) => labels as unknown as { loader: string };
    expect(() => lean.series(wrong({ other: 'x' }))).toThrow(/takes the labels loader/);
    expect(() => lean.series(wrong({ loader: 'a', extra: 'b' }))).toThrow(
      /takes the labels loader/,
    );
    expect(() => new LeanHistogram('h', 'H.', ['le'], [1], new Registry())).toThrow(/own label/);
  });

  it('ignores a value that is not a finite number, as no bucket can hold it', async () => {
    const registry = new Registry();
    const lean = new LeanHistogram('size', 'Sizes.', ['loader'], [1], registry);
    const series = lean.series({ loader: 'byId' });
    series.observe(Number.NaN);
    series.observe(Number.POSITIVE_INFINITY);
    series.observe(1);
    expect(await registry.metrics()).toContain('size_count{loader="byId"} 1');
  });
});

describe('BatchedCounter', () => {
  it("exports exactly what prom-client's Counter exports, at every read", async () => {
    const theirs = new Registry();
    const ours = new Registry();
    const reference = new Counter({
      name: 'requests_total',
      help: 'Requests.',
      labelNames: ['outcome'],
      registers: [theirs],
    });
    const batched = new BatchedCounter({
      name: 'requests_total',
      help: 'Requests.',
      labelNames: ['outcome'] as const,
      registry: ours,
    });
    const ok = batched.series({ outcome: 'ok' });
    const error = batched.series({ outcome: 'error' });
    for (let round = 0; round < 3; round += 1) {
      for (let at = 0; at < 5 + round; at += 1) {
        ok.inc();
        reference.inc({ outcome: 'ok' });
      }
      error.inc();
      reference.inc({ outcome: 'error' });
      // Read between rounds: counts handed over once must not be handed over again.
      expect(await ours.metrics()).toBe(await theirs.metrics());
    }
    expect(await ours.metrics()).toContain('requests_total{outcome="ok"} 18');
    // A reset forgets counts not yet handed over too.
    ok.inc();
    ours.resetMetrics();
    theirs.resetMetrics();
    error.inc();
    reference.inc({ outcome: 'error' });
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });
});
