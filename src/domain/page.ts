/** One upstream page of a list, with the totals the upstream reports for the whole list. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly pageNumber: number;
  readonly pageSize: number;
  readonly totalPages: number;
  readonly totalResults: number;
}

/** A window of a list addressed by position, independent of how the upstream pages it. */
export interface Slice<T> {
  readonly items: readonly T[];
  readonly offset: number;
  readonly totalCount: number;
}
