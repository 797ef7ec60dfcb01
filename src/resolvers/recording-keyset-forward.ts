import type { Row } from '../domain/page';
import type { Recording } from '../domain/recording';
import type { RecordingFilter } from '../domain/recording-filter';
import type { ConnectionRequest } from './connection-request';
import type { KeysetCursor } from './cursor';
import type { ReadWindow } from './list-size';
import {
  MAX_READS,
  precedes,
  atOrBefore,
  againstBounds,
  narrowed,
  OrderCheck,
  keysOf,
  type KeysetPage,
  type RecordingKey,
} from './recording-keyset';

// Keyset paging forward (`first`/`after`): newest first from a key, over provider windows.

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
