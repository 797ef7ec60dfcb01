/**
 * One row of a list as the provider sent it: the item, or an Error saying why this row could not
 * be read (no id, say). A broken row fails its own node, never its list.
 */
export type Row<T> = T | Error;

/** One upstream page of a list, with what the provider reported about the whole list. */
export interface Page<T> {
  readonly items: readonly Row<T>[];
  /** What the provider says it answered; may differ from what was asked (a capped page size). */
  readonly pageNumber: number | null;
  readonly pageSize: number | null;
  readonly totalPages: number | null;
  /** Null when the provider did not say (cursor-style `meta`, or no `total_results`). */
  readonly totalResults: number | null;
}

/** A window of a list addressed by position, independent of how the upstream pages it. */
export interface Slice<T> {
  readonly items: readonly Row<T>[];
  readonly offset: number;
  /** The whole list's size, when the provider reports it. */
  readonly totalCount: number | null;
  /** Whether rows follow the window, as far as the provider's answers tell. */
  readonly hasMore: boolean;
}
