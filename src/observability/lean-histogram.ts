import type { Histogram, Registry } from 'prom-client';

/** One label set's counts: per bucket (not cumulative), their sum and count. */
interface Series {
  readonly labels: Readonly<Record<string, string>>;
  readonly counts: Float64Array;
  sum: number;
  count: number;
  /** Observed since it was made or last reset: only then is it exported, as prom-client does. */
  live: boolean;
}

export interface HistogramSeries {
  observe(value: number): void;
}

/** What a registry reads of a metric: prom-client's own shape for a histogram. */
interface ExportedValue {
  readonly labels: Record<string, string | number>;
  readonly value: number;
  readonly metricName: string;
}

/**
 * A Prometheus histogram for the hot path: a series is looked up once (`series(labels)`), and an
 * observation is a bucket search and three additions. prom-client's `observe` converts, checks
 * and hashes the label object on every call, which was a tenth of the gateway's own CPU for an
 * uncached `recording(id)`. It exports exactly what prom-client's Histogram exports for the same
 * observations and resets (a unit test holds it to that), through the same registry. A value that
 * is not a finite number is dropped (prom-client throws, which would fail the request).
 */
export class LeanHistogram<Label extends string> {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly bounds: readonly number[];
  private readonly byKey = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly Label[],
    buckets: readonly number[],
    registry: Registry,
  ) {
    if ((labelNames as readonly string[]).includes('le')) {
      throw new Error(`${name}: "le" is the histogram's own label`);
    }
    this.bounds = [...buckets].sort((a, b) => a - b);
    // The registry takes any object that exports like a metric; prom-client's types name only
    // its own classes.
    registry.registerMetric(this as unknown as Histogram);
  }

  /** The series for these labels, made on first use: ask once per label set and keep it. */
  series(labels: Readonly<Record<Label, string>>): HistogramSeries {
    const values = this.labelNames.map((name) => labels[name]);
    if (
      Object.keys(labels).length !== this.labelNames.length ||
      values.some((value) => typeof value !== 'string')
    ) {
      throw new Error(`${this.name} takes the labels ${this.labelNames.join(', ')}`);
    }
    // Made once per label set, so an unambiguous key is worth its cost.
    const key = JSON.stringify(values);
    let series = this.byKey.get(key);
    if (series === undefined) {
      series = {
        labels: { ...labels },
        counts: new Float64Array(this.bounds.length),
        sum: 0,
        count: 0,
        live: false,
      };
      this.byKey.set(key, series);
    }
    const found = series;
    const bounds = this.bounds;
    return {
      observe: (value: number): void => {
        if (!Number.isFinite(value)) return;
        for (let at = 0; at < bounds.length; at += 1) {
          if (value <= (bounds[at] ?? Infinity)) {
            found.counts[at] = (found.counts[at] ?? 0) + 1;
            break;
          }
        }
        found.sum += value;
        found.count += 1;
        found.live = true;
      },
    };
  }

  get(): Promise<{
    name: string;
    help: string;
    type: string;
    values: ExportedValue[];
    aggregator: string;
  }> {
    const values: ExportedValue[] = [];
    const bucket = `${this.name}_bucket`;
    for (const series of this.byKey.values()) {
      if (!series.live) continue;
      let cumulative = 0;
      this.bounds.forEach((bound, at) => {
        cumulative += series.counts[at] ?? 0;
        values.push({
          labels: { le: bound, ...series.labels },
          value: cumulative,
          metricName: bucket,
        });
      });
      values.push(
        { labels: { le: '+Inf', ...series.labels }, value: series.count, metricName: bucket },
        { labels: { ...series.labels }, value: series.sum, metricName: `${this.name}_sum` },
        { labels: { ...series.labels }, value: series.count, metricName: `${this.name}_count` },
      );
    }
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      values,
      aggregator: this.aggregator,
    });
  }

  /** Forgets every observation, as prom-client's reset does; the series handed out stay valid. */
  reset(): void {
    for (const series of this.byKey.values()) {
      series.counts.fill(0);
      series.sum = 0;
      series.count = 0;
      series.live = false;
    }
  }
}
