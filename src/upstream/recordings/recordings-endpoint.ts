import type { Page } from '../../domain/page';
import { isFinal, type Recording } from '../../domain/recording';
import { readListPage } from '../pages/list-request';
import type { Deleted, RecordingListQuery, RecordingsApi } from '../recordings-api';
import { NOT_FOUND } from '../transport/upstream-transport';
import { itemTtlSeconds, lenientItem, primeFromList, strictItem } from '../resource-bodies';
import type { UpstreamSession } from '../upstream-session';
import { RECORDING_LIST_ARGUMENTS, recordingListParams } from './recording-list-params';
import { recordingFromWire } from './recording-wire';

export const recordingPath = (id: string) => `/recordings/${encodeURIComponent(id)}`;

/**
 * GET, list and DELETE of recordings, through one request's session. A class: its methods are
 * shared, so a request that reads one recording makes two closures here, not one per method.
 */
export class RecordingsEndpoint implements Pick<
  RecordingsApi,
  'getRecording' | 'listRecordings' | 'deleteRecording' | 'deleteRecordings'
> {
  // A recording still in progress changes; a completed one does not.
  private readonly ttlOf = (recording: Recording): number =>
    itemTtlSeconds(this.session, isFinal(recording));

  private readonly readOne = (text: string): Recording =>
    strictItem(text, 'recording', this.session, recordingFromWire);

  constructor(private readonly session: UpstreamSession) {}

  getRecording(id: string): Promise<Recording | null> {
    return this.session.cachedGet(
      'recording',
      { method: 'GET', route: '/recordings/{id}', path: recordingPath(id), read: this.readOne },
      this.ttlOf,
    );
  }

  listRecordings(query: RecordingListQuery): Promise<Page<Recording>> {
    const { session } = this;
    return readListPage(session, {
      resource: 'recording',
      route: '/recordings',
      path: `/recordings?${recordingListParams(query).toString()}`,
      decodeRow: recordingFromWire,
      parameters: RECORDING_LIST_ARGUMENTS,
      onFresh: (fresh) => primeFromList(session, fresh, 'recording', recordingPath),
    });
  }

  async deleteRecordings(ids: readonly string[]): Promise<boolean> {
    // One call for the whole set; 200 {"status": "ok"} and the older 204 both mean done, and
    // the provider's 404 means none of them existed.
    const answer = await this.session.send({
      method: 'POST',
      route: '/recordings/actions/delete',
      path: '/recordings/actions/delete',
      body: { ids },
      read: (text) => text,
      parameters: { ids: 'ids' },
    });
    await this.session.cache?.evictEach('recording', ids.map(recordingPath));

    return answer !== NOT_FOUND;
  }

  async deleteRecording(id: string): Promise<Deleted<Recording> | null> {
    const { session } = this;
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
  }
}
