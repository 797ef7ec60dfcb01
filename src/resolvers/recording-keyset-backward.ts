import type { Row } from '../domain/page';
import type { Recording } from '../domain/recording';
import type { RecordingFilter } from '../domain/recording-filter';
import type { ConnectionRequest } from './connection-request';
import { MAX_TIED_IDS, type KeysetCursor } from './cursor';
import { listSize, type ReadWindow } from './list-size';
import {
  MAX_READS,
  compare,
  precedes,
  atOrBefore,
  againstBounds,
  narrowed,
  OrderCheck,
  keysOf,
  type KeysetPage,
  type RecordingKey,
} from './recording-keyset';

// Keyset paging backward (`last`/`before`): the rows just newer than a key, over provider windows.

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
