import type { Row } from '../domain/page';
import type { Recording } from '../domain/recording';
import type { RecordingFilter } from '../domain/recording-filter';
import type { Timestamp } from '../domain/timestamp';
import type { ConnectionRequest } from './connection-request';
import { MAX_TIED_IDS, type KeysetCursor } from './cursor';
import { listSize, type ReadWindow } from './list-size';

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
const MAX_READS = 8;

const compare = (a: Timestamp, b: Timestamp) => a.compare(b);

/** Strictly before the cursor's row, in list order (newer, or an earlier tie). */
export function precedes(row: Recording, cursor: KeysetCursor | RecordingKey): boolean {
  const order = compare(row.createdAt, cursor.createdAt);
  if (order !== 0) return order > 0;
  const index = cursor.tiedIds.indexOf(row.id);
  return index >= 0 && index < cursor.tiedIds.length - 1;
}

/** The cursor's row or before it. */
function atOrBefore(row: Recording, cursor: KeysetCursor | RecordingKey): boolean {
  const order = compare(row.createdAt, cursor.createdAt);
  return order > 0 || (order === 0 && cursor.tiedIds.includes(row.id));
}

/**
 * Where a row stands against the caller's own `created_at` bounds: a provider that compares them
 * to the millisecond lets through rows of the same millisecond just outside them.
 */
function againstBounds(row: Recording, filter: RecordingFilter): 'above' | 'inside' | 'below' {
  if (filter.createdBefore && compare(row.createdAt, filter.createdBefore) > 0) return 'above';
  if (filter.createdAfter && compare(row.createdAt, filter.createdAfter) < 0) return 'below';
  return 'inside';
}

/** The caller's filter with a tighter `created_at` bound (the list's own bound may be tighter). */
function narrowed(
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
class OrderCheck {
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
function keysOf(
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

/**
 * The first `count` recordings after `after` (and before `before`). After a key, the list is
 * read from that instant down (`filter[created_at][lte]`), skipping the rows the key has seen at
 * that instant (and any newer a coarse provider filter lets through): rows arriving at the head
 * or deleted above the key change nothing.
 */
export async function readForward(
  read: ReadWindow<RecordingFilter, Recording>,
  filter: RecordingFilter,
  request: ConnectionRequest,
  after: KeysetCursor | null,
  before: KeysetCursor | null,
): Promise<KeysetPage> {
  const scope = after ? narrowed(filter, { createdBefore: after.createdAt }) : filter;
  const order = new OrderCheck();
  const kept: Row<Recording>[] = [];
  let hasNext = false;
  let offset = 0;
  let want = request.count + (after?.tiedIds.length ?? 0);
  let totalCount: number | null = null;
  let skipped = 0;
  for (let reads = 0; reads < MAX_READS; reads += 1) {
    const slice = await read(scope, offset, want);
    totalCount ??= slice.totalCount;
    order.down(slice.items);
    let settled = false;
    for (const row of slice.items) {
      if (!(row instanceof Error)) {
        if (after && atOrBefore(row, after)) {
          skipped += 1;
          continue;
        }
        const bounds = againstBounds(row, filter);
        if (bounds === 'above') continue;
        if (bounds === 'below') {
          settled = true;
          break;
        }
        if (before && !precedes(row, before)) {
          hasNext = true;
          settled = true;
          break;
        }
      }
      if (kept.length === request.count) {
        hasNext = true;
        settled = true;
        break;
      }
      kept.push(row);
    }
    if (settled || !slice.hasMore || slice.items.length === 0) break;
    if (kept.length === request.count) {
      hasNext = true;
      break;
    }
    offset += slice.items.length;
    want = request.count - kept.length + 1;
    // Reads ran out with rows left to skip: more follow.
    if (reads === MAX_READS - 1) hasNext = true;
  }
  const prefix = after ? { createdAt: after.createdAt, tiedIds: after.tiedIds } : null;
  const keys = keysOf(kept, prefix);
  const firstKey = keys.find((key) => key !== null) ?? null;
  return {
    nodes: kept,
    keys,
    hasNextPage: hasNext,
    // Exact: whether anything is listed before the first row (or the cursor, for an empty page).
    // With sizes, the whole list's (the read totalCount shares) less what the window holds.
    hasPreviousPage: after
      ? async () => {
          const whole = await read(filter, 0, 0);
          if (whole.totalCount !== null && totalCount !== null) {
            return whole.totalCount - totalCount + skipped > 0;
          }
          return anythingBefore(read, filter, firstKey ?? after, firstKey === null);
        }
      : false,

    fromListStart: after === null,
    totalCount: after === null ? totalCount : null,
  };
}

/**
 * Whether the list has a row before `key` (or, with `inclusive`, at it): the newest row at or
 * after its instant tells, being either newer, an earlier tie, or the key's row itself.
 */
async function anythingBefore(
  read: ReadWindow<RecordingFilter, Recording>,
  filter: RecordingFilter,
  key: RecordingKey | KeysetCursor,
  inclusive: boolean,
): Promise<boolean> {
  const scope = narrowed(filter, { createdAfter: key.createdAt });
  let offset = 0;
  for (let reads = 0; reads < MAX_READS; reads += 1) {
    const slice = await read(scope, offset, 1 + reads);
    for (const row of slice.items) {
      if (row instanceof Error) return true;
      // Rows above the caller's bound came through a coarse provider filter: not in the list.
      if (againstBounds(row, filter) === 'above') continue;
      return inclusive ? atOrBefore(row, key) : precedes(row, key);
    }
    if (!slice.hasMore || slice.items.length === 0) return false;
    offset += slice.items.length;
  }
  return true;
}

/**
 * Whether the list has a row after `key` (or, with `inclusive`, at it): the rows from its instant
 * down, past the ones tied with it up to it.
 */
async function anythingAfter(
  read: ReadWindow<RecordingFilter, Recording>,
  filter: RecordingFilter,
  key: RecordingKey | KeysetCursor,
  inclusive: boolean,
): Promise<boolean> {
  const scope = narrowed(filter, { createdBefore: key.createdAt });
  let offset = 0;
  for (let reads = 0; reads < MAX_READS; reads += 1) {
    const slice = await read(scope, offset, key.tiedIds.length + 1);
    for (const row of slice.items) {
      if (row instanceof Error) return true;
      const after = !atOrBefore(row, key);
      const at = row.id === key.tiedIds.at(-1) && compare(row.createdAt, key.createdAt) === 0;
      if (after || (inclusive && at)) return true;
    }
    if (!slice.hasMore || slice.items.length === 0) return false;
    offset += slice.items.length;
  }
  return true;
}

/**
 * The last `count` recordings before `before` (and after `after`). Before a key, the list is read
 * from that instant up (`filter[created_at][gte]`), whose end is the key: positions from the end
 * are taken from the provider's total, and read again when the total moved meanwhile (rows
 * arrived at the head or were deleted).
 */
export async function readBackward(
  read: ReadWindow<RecordingFilter, Recording>,
  filter: RecordingFilter,
  request: ConnectionRequest,
  after: KeysetCursor | null,
  before: KeysetCursor | null,
): Promise<KeysetPage> {
  const scope = before ? narrowed(filter, { createdAfter: before.createdAt }) : filter;
  let total = await listSize(read, scope);
  for (let attempt = 0; ; attempt += 1) {
    const walk = await walkBackward(read, scope, total, request, after, before);
    if (walk.total === total || attempt >= 2) {
      const lastKey = [...walk.keys].reverse().find((key) => key !== null) ?? null;
      return {
        nodes: walk.nodes,
        keys: walk.keys,
        hasPreviousPage: walk.hasPrevious,
        hasNextPage: before
          ? () => anythingAfter(read, filter, lastKey ?? before, lastKey === null)
          : false,
        fromListStart: false,
        totalCount: before ? null : total,
      };
    }
    total = walk.total;
  }
}

interface BackwardWalk {
  readonly nodes: readonly Row<Recording>[];
  readonly keys: readonly (RecordingKey | null)[];
  readonly hasPrevious: boolean;
  /** The total the provider reported while reading (another than the one walked: read again). */
  readonly total: number;
}

async function walkBackward(
  read: ReadWindow<RecordingFilter, Recording>,
  scope: RecordingFilter,
  total: number,
  request: ConnectionRequest,
  after: KeysetCursor | null,
  before: KeysetCursor | null,
): Promise<BackwardWalk> {
  // Rows read so far by position in `scope`, newest (lowest position) first once sorted.
  const rows = new Map<number, Row<Recording>>();
  const keptPositions: number[] = [];
  let hasPrevious = false;
  let end = total;
  let chunk = request.count + 1 + (before?.tiedIds.length ?? 0);
  let settled = false;
  for (let reads = 0; end > 0 && !settled; reads += 1) {
    if (reads === MAX_READS) {
      // Rows remain above what was read: they precede the window.
      hasPrevious = true;
      break;
    }
    const start = Math.max(0, end - chunk);
    const slice = await read(scope, start, end - start);
    if (slice.totalCount !== null && slice.totalCount !== total) {
      return { nodes: [], keys: [], hasPrevious: false, total: slice.totalCount };
    }
    slice.items.forEach((row, index) => rows.set(start + index, row));
    for (let index = slice.items.length - 1; index >= 0; index -= 1) {
      const row = slice.items[index] as Row<Recording>;
      if (!(row instanceof Error)) {
        if (before && !precedes(row, before)) continue;
        const bounds = againstBounds(row, scope);
        if (bounds === 'below') continue;
        // The top of the caller's list: what is above came through a coarse provider filter.
        if (bounds === 'above') {
          settled = true;
          break;
        }

        if (after && atOrBefore(row, after)) {
          hasPrevious = true;
          settled = true;
          break;
        }
      }
      if (keptPositions.length === request.count) {
        hasPrevious = true;
        settled = true;
        break;
      }
      keptPositions.push(start + index);
    }
    end = start;
    chunk = request.count - keptPositions.length + 1;
  }
  keptPositions.reverse();
  const ordered = [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row);
  new OrderCheck().down(ordered);
  const nodes = keptPositions.map((position) => rows.get(position) as Row<Recording>);
  const prefix = await tiePrefix(read, scope, rows, keptPositions[0] ?? total);
  return { nodes, keys: keysOf(nodes, prefix), hasPrevious, total };
}

/**
 * The ids tied with the row at `position` that precede it in the list, as the key of the row
 * before it: a backward window may start inside a tie group, and its keys must count the ties
 * above it. Reads further up only while the group continues.
 */
async function tiePrefix(
  read: ReadWindow<RecordingFilter, Recording>,
  scope: RecordingFilter,
  rows: Map<number, Row<Recording>>,
  position: number,
): Promise<RecordingKey | null> {
  const first = rows.get(position);
  if (!first || first instanceof Error || position === 0) return null;
  const tied: string[] = [];
  for (let at = position - 1; at >= 0 && tied.length < MAX_TIED_IDS; at -= 1) {
    if (!rows.has(at)) {
      const start = Math.max(0, at - MAX_TIED_IDS + 1);
      const slice = await read(scope, start, at - start + 1);
      slice.items.forEach((row, index) => rows.set(start + index, row));
    }
    const row = rows.get(at);
    if (!row || row instanceof Error || compare(row.createdAt, first.createdAt) !== 0) break;
    tied.unshift(row.id);
  }
  return tied.length > 0 ? { createdAt: first.createdAt, tiedIds: tied } : null;
}
