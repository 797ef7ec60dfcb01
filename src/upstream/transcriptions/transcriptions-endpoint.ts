import {
  isTranscriptionFinal,
  type RecordingTranscription,
} from '../../domain/recording-transcription';
import { readListPage, withPage } from '../pages/list-request';
import type { Deleted, ListQuery, RecordingsApi, TranscriptionListFilter } from '../recordings-api';
import { NOT_FOUND } from '../transport/upstream-transport';
import { itemTtlSeconds, lenientItem, primeFromList, strictItem } from '../resource-bodies';
import type { UpstreamSession } from '../upstream-session';
import { transcriptionFromWire } from './transcription-wire';

export const transcriptionPath = (id: string) =>
  `/recording_transcriptions/${encodeURIComponent(id)}`;

/** The upstream's query string for GET /recording_transcriptions. */
export function transcriptionListPath(query: ListQuery<TranscriptionListFilter>): string {
  const params = new URLSearchParams();
  if (query.filter.recordingId !== undefined) {
    params.set('filter[recording_id]', query.filter.recordingId);
  }
  if (query.filter.createdAfter !== undefined) {
    params.set('filter[created_at][gte]', query.filter.createdAfter.toISOString());
  }
  return `/recording_transcriptions?${withPage(params, query.pageNumber, query.pageSize)}`;
}

/** Recording transcriptions through one request's session. */
export function transcriptionsEndpoint(
  session: UpstreamSession,
): Pick<RecordingsApi, 'getTranscription' | 'listTranscriptions' | 'deleteTranscription'> {
  const ttlOf = (transcription: RecordingTranscription) =>
    itemTtlSeconds(session, isTranscriptionFinal(transcription));
  const readOne = (text: string): RecordingTranscription =>
    strictItem(text, 'recording transcription', session, transcriptionFromWire);

  return {
    getTranscription: (id) =>
      session.cachedGet(
        'transcription',
        {
          method: 'GET',
          route: '/recording_transcriptions/{id}',
          path: transcriptionPath(id),
          read: readOne,
        },
        ttlOf,
      ),

    listTranscriptions: (query) =>
      readListPage(session, {
        resource: 'transcription',
        route: '/recording_transcriptions',
        path: transcriptionListPath(query),
        decodeRow: transcriptionFromWire,
        onFresh: (fresh) => primeFromList(session, fresh, 'transcription', transcriptionPath),
      }),

    deleteTranscription: async (id): Promise<Deleted<RecordingTranscription> | null> => {
      const path = transcriptionPath(id);
      const answer = await session.send({
        method: 'DELETE',
        route: '/recording_transcriptions/{id}',
        path,
        read: (text) => text,
      });
      if (answer === NOT_FOUND) return null;
      await session.cache?.evict('transcription', path);
      return { item: lenientItem(answer.text, session, transcriptionFromWire) };
    },
  };
}
