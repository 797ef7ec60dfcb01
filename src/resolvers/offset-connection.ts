import type { Slice } from '../domain/page';
import { BadUserInputError } from '../errors';
import type { Connection } from '../schema/connection.type';
import type { ConnectionRequest } from './connection-request';
import { decodeListCursor, encodeCursor } from './cursor';
import { ListConnection } from './list-connection';
import { listSize, type ReadWindow } from './list-size';

/** A position window [start, start + limit) of a list. */
export interface PositionWindow {
  readonly start: number;
  readonly limit: number;
}

function offsetOf(cursor: string | null, argumentName: 'after' | 'before'): number | null {
  if (cursor === null) return null;
  const decoded = decodeListCursor(cursor, argumentName);
  if (decoded.kind !== 'offset') {
    throw new BadUserInputError(`"${argumentName}" is not a cursor of this list.`, argumentName);
  }
  return decoded.offset;
}

/**
 * The positions a request covers (Relay's algorithm on positions): after `after` and before
 * `before`, then the first or the last `count` of what is left. `size` is asked only for `last`
 * without `before` (the window ends at the end of the list).
 */
export async function positionWindow(
  request: ConnectionRequest,
  size: () => Promise<number>,
): Promise<PositionWindow> {
  const lower = (offsetOf(request.after, 'after') ?? -1) + 1;
  const beforeOffset = offsetOf(request.before, 'before');
  if (request.direction === 'forward') {
    const limit =
      beforeOffset === null
        ? request.count
        : Math.max(0, Math.min(request.count, beforeOffset - lower));
    return { start: lower, limit };
  }
  const upper = beforeOffset ?? (await size());
  const start = Math.max(lower, upper - request.count);
  return { start, limit: Math.max(0, upper - start) };
}

/**
 * A connection over a list the provider gives no usable key for (conferences, participants):
 * cursors are positions. `hasPreviousPage` is exact from the position; `hasNextPage` from the
 * provider's totals (or a full page).
 */
export async function resolveOffsetConnection<F, T>(
  read: ReadWindow<F, T>,
  filter: F,
  request: ConnectionRequest,
): Promise<Connection<T>> {
  let size: Promise<number> | undefined;
  const sizeOnce = () => (size ??= listSize(read, filter));
  const window = await positionWindow(request, sizeOnce);
  const slice: Slice<T> = await read(filter, window.start, window.limit);
  return new ListConnection({
    nodes: slice.items,
    cursorAt: (index) => encodeCursor(window.start + index),
    hasPreviousPage: window.start > 0,
    hasNextPage: slice.hasMore,
    // Null when the provider does not say: counting page by page is for `last` alone.
    totalCount: slice.totalCount,
  });
}
