import { MAX_UPSTREAM_PAGE_SIZE } from '../upstream/recordings-api';

/** Which upstream pages to fetch to cover a window of a list, and where the window starts in them. */
export interface PagePlan {
  readonly pageSize: number;
  /** 1-based, consecutive. */
  readonly pageNumbers: readonly number[];
  /** Rows to drop from the start of the first page. */
  readonly skip: number;
}

/** A single page may read this many times the rows asked for before two pages are preferred. */
const MAX_OVERFETCH = 3;

/**
 * Maps a position window [offset, offset + limit) onto upstream pages. Prefers one call with a
 * page size whose page boundaries enclose the window; falls back to two pages of `limit` rows,
 * which always enclose it. A window larger than the largest page the provider serves (it may cap
 * `page[size]` below what it documents) takes consecutive pages of that size. A zero limit still
 * reads one row, for the totals.
 */
export function planPages(
  offset: number,
  limit: number,
  maxPageSize: number = MAX_UPSTREAM_PAGE_SIZE,
): PagePlan {
  const wanted = Math.max(limit, 1);
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError('offset must be >= 0');
  if (!Number.isInteger(wanted) || !Number.isInteger(maxPageSize) || maxPageSize < 1) {
    throw new RangeError('limit and page size must be positive integers');
  }
  if (wanted > maxPageSize) {
    const first = Math.floor(offset / maxPageSize);
    const last = Math.floor((offset + wanted - 1) / maxPageSize);
    return {
      pageSize: maxPageSize,
      pageNumbers: Array.from({ length: last - first + 1 }, (_, i) => first + i + 1),
      skip: offset - first * maxPageSize,
    };
  }
  const largestSingle = Math.min(maxPageSize, wanted * MAX_OVERFETCH);
  for (let size = wanted; size <= largestSingle; size += 1) {
    const firstIndex = Math.floor(offset / size);
    if (firstIndex === Math.floor((offset + wanted - 1) / size)) {
      return { pageSize: size, pageNumbers: [firstIndex + 1], skip: offset - firstIndex * size };
    }
  }
  const firstIndex = Math.floor(offset / wanted);
  return {
    pageSize: wanted,
    pageNumbers: [firstIndex + 1, firstIndex + 2],
    skip: offset - firstIndex * wanted,
  };
}
