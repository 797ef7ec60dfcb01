import type { Conference } from '../../../src/domain/conference';
import type { Page } from '../../../src/domain/page';
import {
  RecordType,
  RecordingChannels,
  RecordingSource,
  RecordingStatus,
  type Recording,
} from '../../../src/domain/recording';
import { UpstreamError } from '../../../src/errors';
import { createLoaders } from '../../../src/loaders/create-loaders';
import { Timestamp } from '../../../src/domain/timestamp';
import type {
  Deleted,
  RecordingListQuery,
  RecordingsApi,
} from '../../../src/upstream/recordings-api';

function recording(id: string): Recording {
  const at = Timestamp.fromEpochMillis(Date.parse('2026-01-01T00:00:00Z'));
  return {
    id,
    recordType: RecordType.RECORDING,
    createdAt: at,
    updatedAt: at,
    recordingStartedAt: at,
    recordingEndedAt: at,
    durationMillis: 1000,
    status: RecordingStatus.COMPLETED,
    channels: RecordingChannels.SINGLE,
    source: RecordingSource.CALL,
    conferenceId: null,
    callLegId: null,
    callSessionId: null,
    downloadUrls: { mp3: null, wav: null },
    from: null,
    to: null,
    callControlId: null,
    connectionId: null,
    initiatedBy: null,
    sipCallId: null,
  };
}

/**
 * An in-memory RecordingsApi that records calls and how many were in flight at once: the loader
 * contract (batches, slots, caps) is about calls, which only a counting API can show exactly.
 */
class CountingApi implements RecordingsApi {
  readonly calls: string[] = [];
  inFlight = 0;
  maxInFlight = 0;

  private async call<T>(name: string, answer: () => T): Promise<T> {
    this.calls.push(name);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.inFlight -= 1;
    return answer();
  }

  getRecording(id: string): Promise<Recording | null> {
    return this.call(`getRecording ${id}`, () => {
      if (id === 'broken') throw new UpstreamError(503);
      return id === 'missing' ? null : recording(id);
    });
  }

  listRecordings(query: RecordingListQuery): Promise<Page<Recording>> {
    return this.call(`listRecordings ${query.pageNumber}/${query.pageSize}`, () => ({
      items: ['a', 'b', 'c'].map(recording),
      pageNumber: query.pageNumber,
      pageSize: query.pageSize,
      totalPages: 1,
      totalResults: 3,
    }));
  }

  deleteRecording(): Promise<Deleted<Recording> | null> {
    throw new Error('not used');
  }

  getConference(id: string): Promise<Conference | null> {
    return this.call(`getConference ${id}`, () => null);
  }

  deleteRecordings = notUsed;
  listConferences = notUsed;
  listParticipants = notUsed;
  getTranscription = notUsed;
  listTranscriptions = notUsed;
  deleteTranscription = notUsed;
  controlConferenceRecording = notUsed;
  controlCallRecording = notUsed;
}

function notUsed(): never {
  throw new Error('not used');
}

describe('createLoaders', () => {
  it('fetches each distinct id once, however often it is asked for', async () => {
    const api = new CountingApi();
    const { recordingById } = createLoaders(api, { concurrency: 4, paging: { maxPageSize: 250 } });

    await Promise.all(['x', 'y', 'x', 'z', 'y'].map((id) => recordingById.load(id)));

    expect(api.calls.sort()).toEqual(['getRecording x', 'getRecording y', 'getRecording z']);
  });

  it('never has more upstream calls in flight than the cap', async () => {
    const api = new CountingApi();
    const { recordingById } = createLoaders(api, { concurrency: 3, paging: { maxPageSize: 250 } });

    await Promise.all(Array.from({ length: 20 }, (_, i) => recordingById.load(`id-${i}`)));

    expect(api.calls).toHaveLength(20);
    expect(api.maxInFlight).toBe(3);
  });

  it('fails only the slot of a failing key; a missing key is null', async () => {
    const api = new CountingApi();
    const { recordingById } = createLoaders(api, { concurrency: 4, paging: { maxPageSize: 250 } });

    const results = await Promise.allSettled(
      ['ok', 'broken', 'missing'].map((id) => recordingById.load(id)),
    );

    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { id: 'ok' } });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: expect.any(UpstreamError) });
    expect(results[2]).toEqual({ status: 'fulfilled', value: null });
  });

  it('primes recordings by id from list pages', async () => {
    const api = new CountingApi();
    const loaders = createLoaders(api, { concurrency: 4, paging: { maxPageSize: 250 } });

    await loaders.recordingPage.load({ filter: {}, pageNumber: 1, pageSize: 3 });
    const again = await loaders.recordingPage.load({ filter: {}, pageNumber: 1, pageSize: 3 });
    const b = await loaders.recordingById.load('b');

    expect(again.items).toHaveLength(3);
    expect(b?.id).toBe('b');
    expect(api.calls).toEqual(['listRecordings 1/3']);
  });
});
