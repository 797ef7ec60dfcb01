import type { Recording } from '../domain/recording';
import type { RecordingFilter } from '../domain/recording-filter';
import { Timestamp } from '../domain/timestamp';
import { BadUserInputError } from '../errors';
import type { Loaders } from '../loaders/create-loaders';
import { recordingFilterKey } from '../loaders/list-filter-keys';
import type { ConnectionArgs } from '../schema/connection.args';
import type { Connection } from '../schema/connection.type';
import { connectionRequest, type ConnectionRequest } from './connection-request';
import {
  decodeListCursor,
  encodeKeysetCursor,
  listFingerprint,
  type KeysetCursor,
  type ListCursor,
} from './cursor';
import { ListConnection } from './list-connection';
import type { ReadWindow } from './list-size';
import { resolveOffsetConnection } from './offset-connection';
import { UnorderedListError, type KeysetPage } from './recording-keyset';
import { readBackward } from './recording-keyset-backward';
import { readForward } from './recording-keyset-forward';

/** A recordings connection asked for nothing but its size. */
export const TOTAL_COUNT_ONLY: ReadonlySet<string> = new Set(['totalCount']);

/** Before every recording: the key a broken first row of the list stands at. */
const FAR_FUTURE = Timestamp.fromEpochMillis(Date.UTC(9999, 11, 31));

const NOT_HONOURED =
  'cannot be honoured: the provider no longer lists recordings in created_at order; start again from the first page.';

/**
 * The one way every `recordings` field answers. Cursors are keys (a recording's `created_at` and
 * the ids tied with it), so pages stay right while recordings arrive and rows are deleted; each
 * key is bound to its list's filter. Should the provider ever list recordings out of order, the
 * process falls back to position cursors (logged and counted), and keys it can no longer honour
 * are refused with BAD_USER_INPUT rather than answered wrong.
 */
export async function resolveRecordingConnection(
  loaders: Loaders,
  filter: RecordingFilter,
  args: ConnectionArgs,
  /** The client asked for `totalCount` alone: no rows need reading or decoding. */
  onlyTotalCount = false,
): Promise<Connection<Recording>> {
  const request = connectionRequest(args);
  const read: ReadWindow<RecordingFilter, Recording> = (scope, offset, limit) =>
    loaders.recordingWindow.load({ filter: scope, offset, limit });
  if (onlyTotalCount && request.after === null && request.before === null) {
    // One row's page tells the size (a page of links asking `recordings { totalCount }` per row
    // reads and decodes one row each, not a window each).
    const size = await read(filter, 0, 0);
    if (size.totalCount !== null) {
      const totalCount = size.totalCount;
      return new ListConnection<Recording>({
        nodes: [],
        cursorAt: () => '',
        hasNextPage: totalCount > 0,
        hasPreviousPage: false,
        totalCount,
      });
    }
  }
  const list = listFingerprint(recordingFilterKey(filter));
  const after = request.after === null ? null : decodeListCursor(request.after, 'after');
  const before = request.before === null ? null : decodeListCursor(request.before, 'before');
  const keyed = [after, before].some((cursor) => cursor?.kind === 'keyset');
  const positional = [after, before].some((cursor) => cursor?.kind === 'offset');
  if (keyed && positional) {
    throw new BadUserInputError(
      '"after" and "before" come from different kinds of page.',
      'before',
    );
  }
  if (positional || loaders.paging.unorderedRecordings) {
    if (keyed)
      throw new BadUserInputError(`The cursor ${NOT_HONOURED}`, after ? 'after' : 'before');
    return resolveOffsetConnection(read, filter, request);
  }
  const afterKey = keyOf(after, list, 'after');
  const beforeKey = keyOf(before, list, 'before');
  try {
    const page =
      request.direction === 'forward'
        ? await readForward(read, filter, request, afterKey, beforeKey)
        : await readBackward(read, filter, request, afterKey, beforeKey);
    return keysetConnection(page, list, read, filter, request);
  } catch (error) {
    if (!(error instanceof UnorderedListError)) throw error;
    loaders.paging.unorderedRecordings = true;
    loaders.reportPagingDrift('unordered_list', error.detail);
    if (keyed)
      throw new BadUserInputError(`The cursor ${NOT_HONOURED}`, after ? 'after' : 'before');
    return resolveOffsetConnection(read, filter, request);
  }
}

function keyOf(
  cursor: ListCursor | null,
  list: string,
  argumentName: 'after' | 'before',
): KeysetCursor | null {
  if (cursor === null || cursor.kind !== 'keyset') return null;
  if (cursor.list !== list) {
    throw new BadUserInputError(
      `"${argumentName}" is a cursor of another list (other filters); pass the same filter it came with.`,
      argumentName,
    );
  }
  return cursor;
}

function keysetConnection(
  page: KeysetPage,
  list: string,
  read: ReadWindow<RecordingFilter, Recording>,
  filter: RecordingFilter,
  request: ConnectionRequest,
): Connection<Recording> {
  const cursors = new Map<number, string>();
  return new ListConnection({
    nodes: page.nodes,
    cursorAt: (index) => {
      let cursor = cursors.get(index);
      if (cursor === undefined) {
        const key = page.keys[index];
        // A broken row before any good one: the start of the list, or the cursor asked from.
        cursor = key
          ? encodeKeysetCursor({ list, createdAt: key.createdAt, tiedIds: key.tiedIds })
          : startCursor(list, request);
        cursors.set(index, cursor);
      }
      return cursor;
    },
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    totalCount:
      page.totalCount !== null
        ? page.totalCount
        : () => read(filter, 0, 0).then((slice) => slice.totalCount),
  });
}

/** A key before every recording: what precedes the first row of the list. */
function startCursor(list: string, request: ConnectionRequest): string {
  if (request.after !== null) return request.after;
  return encodeKeysetCursor({
    list,
    createdAt: FAR_FUTURE,
    tiedIds: [],
  });
}
