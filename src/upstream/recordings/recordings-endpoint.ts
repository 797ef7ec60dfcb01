import type { Page } from '../../domain/page';
import { isFinal, type Recording } from '../../domain/recording';
import { isWireObject } from '../decode/row-reader';
import { pageFromWire } from '../pages/list-envelope';
import type { Deleted, RecordingListQuery, RecordingsApi } from '../recordings-api';
import { NOT_FOUND, parseJson, type UpstreamRequest } from '../transport/upstream-transport';
import { itemOrThrow, type UpstreamSession } from '../upstream-session';
import { RECORDING_LIST_ARGUMENTS, recordingListParams } from './recording-list-params';
import { recordingFromWire } from './recording-wire';

const recordingPath = (id: string) => `/recordings/${encodeURIComponent(id)}`;

/** A list answer decoded, with its raw rows (for priming the cache by id). */
interface ListAnswer {
  readonly page: Page<Recording>;
  readonly rows: readonly unknown[];
}

const EMPTY_PAGE: Page<Recording> = {
  items: [],
  pageNumber: null,
  pageSize: null,
  totalPages: 0,
  totalResults: 0,
};

/** GET, list and DELETE of recordings, through one request's session. */
export function recordingsEndpoint(
  session: UpstreamSession,
): Pick<RecordingsApi, 'getRecording' | 'listRecordings' | 'deleteRecording'> {
  const { drift, ttls } = session;
  // A recording still in progress changes; a completed one does not.
  const ttlOf = (recording: Recording) =>
    isFinal(recording) ? ttls.immutableTtlSeconds : ttls.mutableTtlSeconds;
  const readOne = (text: string): Recording => {
    const body = parseJson(text, 'recording');
    return itemOrThrow(recordingFromWire(isWireObject(body) ? body['data'] : undefined, drift));
  };

  return {
    getRecording: (id) =>
      session.cachedGet(
        'recording',
        { method: 'GET', route: '/recordings/{id}', path: recordingPath(id), read: readOne },
        ttlOf,
      ),

    listRecordings: async (query: RecordingListQuery): Promise<Page<Recording>> => {
      const request: UpstreamRequest<ListAnswer> = {
        method: 'GET',
        route: '/recordings',
        path: `/recordings?${recordingListParams(query).toString()}`,
        read: (text) => {
          const body = parseJson(text, 'recordings list');
          const page = pageFromWire(body, 'recording', recordingFromWire, drift);
          return { page, rows: isWireObject(body) ? (body['data'] as unknown[]) : [] };
        },
        parameters: RECORDING_LIST_ARGUMENTS,
      };
      const answer = await session.cachedGet(
        'list',
        request,
        () => ttls.mutableTtlSeconds,
        (fresh) => primeFromList(session, fresh),
      );
      // The list route exists: only a proxy or a wrong base path says "not found" there, and the
      // transport reports those as UPSTREAM_ERROR; the provider's own 404 means an empty list.
      return answer?.page ?? EMPTY_PAGE;
    },

    deleteRecording: async (id): Promise<Deleted<Recording> | null> => {
      const path = recordingPath(id);
      // The provider acted once it answered 2xx, whatever its body: evict first, read after.
      const answer = await session.send({
        method: 'DELETE',
        route: '/recordings/{id}',
        path,
        read: (text) => text,
      });
      if (answer === NOT_FOUND) return null;
      await session.cache?.evict('recording', path);
      return { item: lenientRecording(answer.text, session) };
    },
  };
}

/** A delete's body: the recording when the provider sent one we can read; null for 204 or junk. */
function lenientRecording(text: string, session: UpstreamSession): Recording | null {
  if (text.trim() === '') return null;
  try {
    const body: unknown = JSON.parse(text);
    const row = recordingFromWire(isWireObject(body) ? body['data'] : undefined, session.drift);
    return row instanceof Error ? null : row;
  } catch {
    return null;
  }
}

/**
 * Rows of a fresh list answer later reads by id, in this request and the next ones: with the
 * list's (short) TTL, and never over an entry already there, which may be fresher.
 */
async function primeFromList(session: UpstreamSession, { page, rows }: ListAnswer): Promise<void> {
  const { cache, ttls } = session;
  if (!cache || ttls.mutableTtlSeconds <= 0) return;
  await Promise.all(
    page.items.map((item, index) =>
      item instanceof Error
        ? Promise.resolve()
        : cache.setIfAbsent(
            'recording',
            recordingPath(item.id),
            JSON.stringify({ data: rows[index] }),
            ttls.mutableTtlSeconds,
          ),
    ),
  );
}
