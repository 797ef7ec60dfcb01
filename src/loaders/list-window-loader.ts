import DataLoader from 'dataloader';
import type { Page, Row, Slice } from '../domain/page';
import { planPages } from './page-plan';

/** A window of a filtered list, by position. */
export interface ListWindow<F> {
  readonly filter: F;
  readonly offset: number;
  readonly limit: number;
}

/** What this process learned about how the provider pages (shared by every request). */
export interface ProviderPaging {
  /** The largest `page[size]` the provider really answers; lowered when it caps pages. */
  maxPageSize: number;
  /**
   * Set once the provider listed recordings out of `created_at` order: from then on recording
   * cursors are positions, not keys.
   */
  unorderedRecordings?: boolean;
}

export type PagingDrift = 'page_size_capped' | 'inconsistent_page' | 'unordered_list';

export interface WindowLoaderOptions<F, T> {
  /** One upstream page; through the request's page loader, so equal pages cost one call. */
  readonly readPage: (filter: F, pageNumber: number, pageSize: number) => Promise<Page<T>>;
  /** Forgets a page read in this request, to read it again. */
  readonly forgetPage: (filter: F, pageNumber: number, pageSize: number) => void;
  readonly filterKey: (filter: F) => string;
  readonly idOf: (item: T) => string;
  readonly paging: ProviderPaging;
  readonly onDrift?: (kind: PagingDrift, detail: string) => void;
  /** Benchmark baseline: no batching across windows. */
  readonly batch?: boolean;
}

interface Span<T> {
  readonly offset: number;
  readonly rows: readonly Row<T>[];
  readonly total: number | null;
  /** Whether the provider's answers show rows after the span. */
  readonly rowsAfter: boolean;
}

/** The provider's documented default page size: a cap below it is used once, not remembered. */
const MIN_REMEMBERED_CAP = 20;

/** How often one span is re-planned (capped pages) or read again (pages that contradict). */
const MAX_PLANS = 4;

/**
 * Windows of lists, read so that they cannot get stuck or repeat a row. Windows of one list
 * (the same filter) asked for in the same tick share one page plan, so aliases see one snapshot.
 * Pages are checked against what was asked: a provider that caps `page[size]` is re-planned with
 * its real page size (and remembered); rows repeated across joined pages are dropped, and pages
 * whose totals disagree or that overlap are read again once.
 */
export function createWindowLoader<F, T>(
  options: WindowLoaderOptions<F, T>,
): DataLoader<ListWindow<F>, Slice<T>, string> {
  const key = (window: ListWindow<F>) =>
    `${options.filterKey(window.filter)}|${window.offset}|${window.limit}`;

  async function readSpan(filter: F, offset: number, count: number): Promise<Span<T>> {
    let reread = false;
    let maxPageSize = options.paging.maxPageSize;
    for (let attempt = 1; ; attempt += 1) {
      const plan = planPages(offset, count, maxPageSize);
      const pages = await Promise.all(
        plan.pageNumbers.map((pageNumber) => options.readPage(filter, pageNumber, plan.pageSize)),
      );
      const cap = cappedPageSize(pages, plan.pageSize);
      if (cap !== null && attempt < MAX_PLANS) {
        maxPageSize = Math.min(maxPageSize, cap);
        // Remembered for every later request only when believable: one odd answer claiming
        // tiny pages must not turn every list of the process into one call per row.
        if (cap >= MIN_REMEMBERED_CAP) {
          options.paging.maxPageSize = Math.min(options.paging.maxPageSize, cap);
        }
        options.onDrift?.('page_size_capped', `asked ${plan.pageSize}, got ${cap}`);
        continue;
      }
      const totals = new Set(pages.map((page) => page.totalResults).filter((t) => t !== null));
      const { rows, repeated } = joinRows(pages, options.idOf);
      if ((totals.size > 1 || repeated) && !reread && attempt < MAX_PLANS) {
        // The list changed between the page reads: read them once more, together.
        reread = true;
        options.onDrift?.('inconsistent_page', repeated ? 'pages overlap' : 'totals differ');
        for (const pageNumber of plan.pageNumbers) {
          options.forgetPage(filter, pageNumber, plan.pageSize);
        }
        continue;
      }
      const last = pages.at(-1);
      const total = pages.find((page) => page.totalResults !== null)?.totalResults ?? null;
      const read = rows.slice(plan.skip);
      const end = offset + read.length;
      return {
        offset,
        rows: read,
        total,
        rowsAfter: total !== null ? end < total : (last?.items.length ?? 0) >= plan.pageSize,
      };
    }
  }

  function sliceOf(span: Span<T>, window: ListWindow<F>): Slice<T> {
    const start = window.offset - span.offset;
    const items = span.rows.slice(start, start + window.limit);
    const end = window.offset + items.length;
    const spanEnd = span.offset + span.rows.length;
    // Never "more" next to an empty window: that would be a stuck page.
    const hasMore =
      items.length > 0 &&
      (end < spanEnd || (span.total !== null ? end < span.total : span.rowsAfter));
    return { items, offset: window.offset, totalCount: span.total, hasMore };
  }

  async function loadGroup(windows: readonly ListWindow<F>[]): Promise<Slice<T>[]> {
    const first = windows[0];
    if (!first) return [];
    const start = Math.min(...windows.map((w) => w.offset));
    const end = Math.max(...windows.map((w) => w.offset + Math.max(w.limit, 1)));
    // One snapshot for every window when the union fits the pages one plan reads well.
    if (end - start <= options.paging.maxPageSize) {
      const span = await readSpan(first.filter, start, end - start);
      return windows.map((window) => sliceOf(span, window));
    }
    return Promise.all(
      windows.map(async (window) =>
        sliceOf(await readSpan(window.filter, window.offset, Math.max(window.limit, 1)), window),
      ),
    );
  }

  return new DataLoader<ListWindow<F>, Slice<T>, string>(
    async (windows) => {
      const groups = new Map<string, ListWindow<F>[]>();
      for (const window of windows) {
        const filterKey = options.filterKey(window.filter);
        groups.set(filterKey, [...(groups.get(filterKey) ?? []), window]);
      }
      const results = new Map<ListWindow<F>, Slice<T> | Error>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          try {
            const slices = await loadGroup(group);
            group.forEach((window, index) =>
              results.set(window, slices[index] ?? new Error('lost')),
            );
          } catch (error) {
            const failure = error instanceof Error ? error : new Error(String(error));
            for (const window of group) results.set(window, failure);
          }
        }),
      );
      return windows.map((window) => results.get(window) ?? new Error('window not read'));
    },
    { cacheKeyFn: key, ...(options.batch === false ? { batch: false } : {}) },
  );
}

/** The provider's real page size when it answered smaller pages than asked; null otherwise. */
function cappedPageSize<T>(pages: readonly Page<T>[], asked: number): number | null {
  for (const page of pages) {
    // Only a full page at the smaller size shows a cap: a page_size its own rows contradict
    // (fewer than it holds, or an empty page) is not worth shrinking every later plan for.
    if (page.pageSize !== null && page.pageSize < asked) {
      if (page.pageSize >= 1 && page.items.length === page.pageSize) return page.pageSize;
      continue;
    }
    // No page_size in meta: a short page followed by more rows also shows the cap.
    const number = page.pageNumber;
    if (
      page.pageSize === null &&
      number !== null &&
      page.totalResults !== null &&
      page.items.length > 0 &&
      page.items.length < asked &&
      (number - 1) * asked + page.items.length < page.totalResults
    ) {
      return page.items.length;
    }
  }
  return null;
}

/** Joins consecutive pages, dropping a row seen on an earlier page (the list shifted). */
function joinRows<T>(
  pages: readonly Page<T>[],
  idOf: (item: T) => string,
): { rows: Row<T>[]; repeated: boolean } {
  const seen = new Set<string>();
  const rows: Row<T>[] = [];
  let repeated = false;
  for (const page of pages) {
    for (const row of page.items) {
      if (!(row instanceof Error)) {
        const id = idOf(row);
        if (seen.has(id)) {
          repeated = true;
          continue;
        }
        seen.add(id);
      }
      rows.push(row);
    }
  }
  return { rows, repeated };
}
