import type { Slice } from '../domain/page';
import { BadUserInputError } from '../errors';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type ConnectionArgs } from '../schema/connection.args';
import type { Connection } from '../schema/connection.type';
import { decodeCursor, encodeCursor } from './cursor';

export interface ConnectionWindow {
  readonly offset: number;
  readonly limit: number;
}

/** Validates `first`/`after` and turns them into a position window. */
export function connectionWindow(args: ConnectionArgs): ConnectionWindow {
  const limit = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`"first" must be between 0 and ${MAX_PAGE_SIZE}.`, 'first');
  }
  const offset = args.after == null ? 0 : decodeCursor(args.after) + 1;
  return { offset, limit };
}

/** Edges with position cursors; a broken row keeps its edge and cursor, its node is its error. */
export function toConnection<TNode>(slice: Slice<TNode>): Connection<TNode> {
  const edges = slice.items.map((node, index) => ({
    cursor: encodeCursor(slice.offset + index),
    node,
  }));
  return {
    edges,
    nodes: [...slice.items],
    pageInfo: {
      hasNextPage: slice.hasMore,
      hasPreviousPage: slice.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: slice.totalCount,
  };
}
