import type { Row } from '../domain/page';
import type { Recording } from '../domain/recording';
import type { RecordingFilter } from '../domain/recording-filter';
import type { Timestamp } from '../domain/timestamp';
import { MAX_TIED_IDS, type KeysetCursor } from './cursor';

// The keyset every paging direction shares: keys, bounds, order checks. Reading forward is in
// recording-keyset-forward.ts, backward in recording-keyset-backward.ts.

/** The provider listed recordings out of `created_at` order: keys would skip or repeat rows. */
export class UnorderedListError extends Error {
  constructor(readonly detail: string) {
    super(`recordings are not listed newest first (${detail})`);
  }
}

/** A position in the list made of a key: what a cursor encodes, before its list fingerprint. */
export interface RecordingKey {
  readonly createdAt: Timestamp;
  /** Ids at `createdAt`, from the first in list order up to and including this row. */
  readonly tiedIds: readonly string[];
}

export interface KeysetPage {
  readonly nodes: readonly Row<Recording>[];
  /** The key of each node; a broken row takes the key before it (null at the very start). */
  readonly keys: readonly (RecordingKey | null)[];
  readonly hasNextPage: boolean | (() => Promise<boolean>);
  readonly hasPreviousPage: boolean | (() => Promise<boolean>);
  /** The caller's whole list read from offset 0: its total is the list's. */
  readonly fromListStart: boolean;
  readonly totalCount: number | null;
}

/** Reads past rows the window skips (ties already seen, a provider's coarse time filter). */
export const MAX_READS = 8;

export const compare = (a: Timestamp, b: Timestamp) => a.compare(b);

/** Strictly before the cursor's row, in list order (newer, or an earlier tie). */
export function precedes(row: Recording, cursor: KeysetCursor | RecordingKey): boolean {
  const order = compare(row.createdAt, cursor.createdAt);
  if (order !== 0) return order > 0;
  const index = cursor.tiedIds.indexOf(row.id);
  return index >= 0 && index < cursor.tiedIds.length - 1;
}

/** The cursor's row or before it. */
export function atOrBefore(row: Recording, cursor: KeysetCursor | RecordingKey): boolean {
  const order = compare(row.createdAt, cursor.createdAt);
  return order > 0 || (order === 0 && cursor.tiedIds.includes(row.id));
}

/**
 * Where a row stands against the caller's own `created_at` bounds: a provider that compares them
 * to the millisecond lets through rows of the same millisecond just outside them.
 */
export function againstBounds(
  row: Recording,
  filter: RecordingFilter,
): 'above' | 'inside' | 'below' {
  if (filter.createdBefore && compare(row.createdAt, filter.createdBefore) > 0) return 'above';
  if (filter.createdAfter && compare(row.createdAt, filter.createdAfter) < 0) return 'below';
  return 'inside';
}

/** The caller's filter with a tighter `created_at` bound (the list's own bound may be tighter). */
export function narrowed(
  filter: RecordingFilter,
  bound: { readonly createdBefore?: Timestamp; readonly createdAfter?: Timestamp },
): RecordingFilter {
  const { createdBefore, createdAfter } = bound;
  return {
    ...filter,
    ...(createdBefore && (!filter.createdBefore || compare(createdBefore, filter.createdBefore) < 0)
      ? { createdBefore }
      : {}),
    ...(createdAfter && (!filter.createdAfter || compare(createdAfter, filter.createdAfter) > 0)
      ? { createdAfter }
      : {}),
  };
}

/** Checks rows are newest first across every read of one walk. */
export class OrderCheck {
  private last: Timestamp | null = null;

  /** Rows in list order, read after (further down the list than) what was checked so far. */
  down(rows: readonly Row<Recording>[]): void {
    for (const row of rows) {
      if (row instanceof Error) continue;
      if (this.last && compare(row.createdAt, this.last) > 0) {
        throw new UnorderedListError('a row is newer than the one before it');
      }
      this.last = row.createdAt;
    }
  }
}

/** Rows in list order, each with its key; `prefix` is the tie group the first row may continue. */
export function keysOf(
  rows: readonly Row<Recording>[],
  prefix: RecordingKey | null,
): (RecordingKey | null)[] {
  let current = prefix;
  return rows.map((row) => {
    if (row instanceof Error) return current;
    const tied =
      current && compare(current.createdAt, row.createdAt) === 0
        ? [...current.tiedIds, row.id].slice(-MAX_TIED_IDS)
        : [row.id];
    current = { createdAt: row.createdAt, tiedIds: tied };
    return current;
  });
}
