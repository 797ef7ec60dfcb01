import type { Page } from '../../domain/page';
import { isFinal, type Recording } from '../../domain/recording';
import { readListPage } from '../pages/list-request';
import type { Deleted, RecordingListQuery, RecordingsApi } from '../recordings-api';
import { NOT_FOUND, parseJson } from '../transport/upstream-transport';
import { isWireObject } from '../decode/row-reader';
import { lenientItem, primeFromList } from '../resource-bodies';
import { itemOrThrow, type UpstreamSession } from '../upstream-session';
import { RECORDING_LIST_ARGUMENTS, recordingListParams } from './recording-list-params';
import { recordingFromWire } from './recording-wire';

export const recordingPath = (id: string) => `/recordings/${encodeURIComponent(id)}`;

/** GET, list and DELETE of recordings, through one request's session. */
export function recordingsEndpoint(
  session: UpstreamSession,
): Pick<RecordingsApi, 'getRecording' | 'listRecordings' | 'deleteRecording' | 'deleteRecordings'> {
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

    listRecordings: (query: RecordingListQuery): Promise<Page<Recording>> =>
      readListPage(session, {
        resource: 'recording',
        route: '/recordings',
        path: `/recordings?${recordingListParams(query).toString()}`,
        decodeRow: recordingFromWire,
        parameters: RECORDING_LIST_ARGUMENTS,
        onFresh: (fresh) => primeFromList(session, fresh, 'recording', recordingPath),
      }),

    deleteRecordings: async (ids) => {
      // One call for the whole set; 200 {"status": "ok"} and the older 204 both mean done, and
      // the provider's 404 means none of them existed.
      const answer = await session.send({
        method: 'POST',
        route: '/recordings/actions/delete',
        path: '/recordings/actions/delete',
        body: { ids },
        read: (text) => text,
        parameters: { ids: 'ids' },
      });
      await session.cache?.evictEach('recording', ids.map(recordingPath));

      return answer !== NOT_FOUND;
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
      return { item: lenientItem(answer.text, session, recordingFromWire) };
    },
  };
}
