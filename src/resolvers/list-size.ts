import type { Slice } from '../domain/page';
import { UpstreamBadResponseError } from '../errors';
import { MAX_UPSTREAM_PAGE_SIZE } from '../upstream/recordings-api';

/** Reads a window of a filtered list by position (through the request's window loader). */
export type ReadWindow<F, T> = (filter: F, offset: number, limit: number) => Promise<Slice<T>>;

/** Rows counted page by page when the provider does not report a list's size; then we give up. */
const MAX_COUNTED_ROWS = 5_000;

/**
 * How many rows a list has: the provider's `total_results` (one row read), or, when its `meta`
 * does not say (cursor-style lists), the rows counted page by page up to a bound.
 */
export async function listSize<F, T>(read: ReadWindow<F, T>, filter: F): Promise<number> {
  const probe = await read(filter, 0, 0);
  if (probe.totalCount !== null) return probe.totalCount;
  let counted = 0;
  for (;;) {
    const slice = await read(filter, counted, MAX_UPSTREAM_PAGE_SIZE);
    counted += slice.items.length;
    if (!slice.hasMore || slice.items.length === 0) return counted;
    if (counted >= MAX_COUNTED_ROWS) {
      throw new UpstreamBadResponseError(
        `the provider does not report the size of this list and it has more than ${MAX_COUNTED_ROWS} rows; page forwards instead`,
      );
    }
  }
}
