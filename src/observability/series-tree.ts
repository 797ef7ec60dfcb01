/**
 * Metric series by their label values, in nested maps: finding one allocates nothing (no label
 * object, no joined key), which matters on paths that run for every request. The leaves are made
 * once per label set by `make`.
 */
export class SeriesTree<S> {
  private readonly root = new Map<string, unknown>();

  at1(a: string, make: () => S): S {
    return this.leaf(this.root, a, make);
  }

  at2(a: string, b: string, make: () => S): S {
    return this.leaf(this.branch(this.root, a), b, make);
  }

  at4(a: string, b: string, c: string, d: string, make: () => S): S {
    return this.leaf(this.branch(this.branch(this.branch(this.root, a), b), c), d, make);
  }

  private branch(map: Map<string, unknown>, key: string): Map<string, unknown> {
    let next = map.get(key) as Map<string, unknown> | undefined;
    if (next === undefined) {
      next = new Map<string, unknown>();
      map.set(key, next);
    }
    return next;
  }

  private leaf(map: Map<string, unknown>, key: string, make: () => S): S {
    let series = map.get(key) as S | undefined;
    if (series === undefined) {
      series = make();
      map.set(key, series);
    }
    return series;
  }
}
