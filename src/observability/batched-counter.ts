import { Counter, type Registry } from 'prom-client';

export interface CounterSeries {
  inc(): void;
}

interface Pending {
  readonly labelled: { inc(value: number): void };
  count: number;
}

/**
 * A prom-client Counter whose hot-path series count in a plain number and hand their counts to
 * the counter when it is read (its `collect`, which runs before every export): prom-client's
 * `inc` checks and hashes the label object on every call. What is exported is prom-client's own
 * Counter, exact at every scrape; a reset forgets what was not handed over yet too.
 */
export class BatchedCounter<Label extends string> {
  readonly counter: Counter<Label>;
  private readonly pending: Pending[] = [];

  constructor(config: {
    readonly name: string;
    readonly help: string;
    readonly labelNames: readonly Label[];
    readonly registry: Registry;
  }) {
    const pending = this.pending;
    this.counter = new (class extends Counter<Label> {
      override reset(): void {
        for (const series of pending) series.count = 0;
        super.reset();
      }
    })({
      name: config.name,
      help: config.help,
      labelNames: config.labelNames,
      registers: [config.registry],
      collect() {
        for (const series of pending) {
          if (series.count > 0) {
            series.labelled.inc(series.count);
            series.count = 0;
          }
        }
      },
    });
  }

  /** A series to count on; ask once per label set and keep it. */
  series(labels: Readonly<Record<Label, string>>): CounterSeries {
    const entry: Pending = { labelled: this.counter.labels(labels), count: 0 };
    this.pending.push(entry);
    return {
      inc: () => {
        entry.count += 1;
      },
    };
  }
}
