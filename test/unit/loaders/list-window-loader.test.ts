import type { Page } from '../../../src/domain/page';
import { createWindowLoader } from '../../../src/loaders/list-window-loader';

interface Item {
  readonly id: string;
}

/**
 * A provider of one list of `count` rows, with the drifts the window loader must survive: a cap
 * on page[size], and rows arriving at the head between two page reads.
 */
function provider(count: number, options: { cap?: number; arrivals?: number } = {}) {
  let rows: Item[] = Array.from({ length: count }, (_, i) => ({ id: `r${i}` }));
  let arrivals = options.arrivals ?? 0;
  const calls: string[] = [];
  const readPage = (_filter: string, pageNumber: number, pageSize: number): Promise<Page<Item>> => {
    calls.push(`${pageNumber}/${pageSize}`);
    const size = Math.min(pageSize, options.cap ?? pageSize);
    const start = (pageNumber - 1) * size;
    const page: Page<Item> = {
      items: rows.slice(start, start + size),
      pageNumber,
      pageSize: size,
      totalPages: Math.ceil(rows.length / size),
      totalResults: rows.length,
    };
    // A recording arrives right after this read: the next page shifts by one.
    if (arrivals > 0) {
      arrivals -= 1;
      rows = [{ id: `new${arrivals}` }, ...rows];
    }
    return Promise.resolve(page);
  };
  const paging = { maxPageSize: 250 };
  const drift: string[] = [];
  const loader = createWindowLoader<string, Item>({
    readPage,
    forgetPage: () => undefined,
    filterKey: (filter) => filter,
    idOf: (item) => item.id,
    paging,
    onDrift: (kind) => drift.push(kind),
  });
  return { loader, calls, paging, drift };
}

const ids = (items: readonly (Item | Error)[]) =>
  items.map((item) => (item instanceof Error ? 'error' : item.id));

describe('createWindowLoader', () => {
  it('reads every row of a provider that caps page[size], re-planning with its real size', async () => {
    const { loader, paging, drift } = provider(700, { cap: 100 });
    const seen: string[] = [];
    let offset = 0;
    for (;;) {
      const slice = await loader.load({ filter: 'all', offset, limit: 250 });
      seen.push(...ids(slice.items));
      if (!slice.hasMore) break;
      expect(slice.items.length).toBeGreaterThan(0);
      offset += slice.items.length;
    }
    expect(seen).toEqual(Array.from({ length: 700 }, (_, i) => `r${i}`));
    expect(paging.maxPageSize).toBe(100);
    expect(drift).toContain('page_size_capped');
  });

  it('gives aliases of one list one page plan, so they see one snapshot', async () => {
    const { loader, calls } = provider(300);
    const [first, second] = await Promise.all([
      loader.load({ filter: 'all', offset: 0, limit: 10 }),
      loader.load({ filter: 'all', offset: 5, limit: 20 }),
    ]);
    expect(calls).toEqual(['1/25']);
    expect(ids(first.items)).toEqual(Array.from({ length: 10 }, (_, i) => `r${i}`));
    expect(ids(second.items)).toEqual(Array.from({ length: 20 }, (_, i) => `r${i + 5}`));
  });

  it('never repeats a row when the list shifts between two page reads', async () => {
    // Offset 240, 250 rows: pages 1 and 2 of 250, read one after the other while rows arrive.
    const { loader, drift } = provider(600, { arrivals: 1 });
    const slice = await loader.load({ filter: 'all', offset: 240, limit: 250 });
    const got = ids(slice.items);
    expect(new Set(got).size).toBe(got.length);
    expect(drift).toContain('inconsistent_page');
  });

  it('never says there is more next to an empty window', async () => {
    const { loader } = provider(10);
    const slice = await loader.load({ filter: 'all', offset: 10, limit: 5 });
    expect(slice.items).toEqual([]);
    expect(slice.hasMore).toBe(false);
  });
});
