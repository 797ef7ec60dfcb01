import type { Page, Row } from '../domain/page';
import type { RecordingTranscription } from '../domain/recording-transcription';
import { Timestamp } from '../domain/timestamp';
import type { ListQuery, TranscriptionListFilter } from '../upstream/recordings-api';
import { MAX_UPSTREAM_PAGE_SIZE } from '../upstream/recordings-api';

/** A recording whose transcription is wanted: its id, and when it was made. */
export interface TranscribedRecording {
  readonly id: string;
  readonly createdAt: Timestamp;
}

export interface TranscriptionLookupOptions {
  readonly listPage: (
    query: ListQuery<TranscriptionListFilter>,
  ) => Promise<Page<RecordingTranscription>>;
  /** Heard when the provider ignored `filter[recording_id]` (older API versions declare none). */
  readonly onFilterIgnored?: () => void;
  /** Runs each per-recording call under the request's concurrency cap. */
  readonly run: <T>(work: () => Promise<T>) => Promise<T>;
}

/** Pages of transcriptions read for one batch before asking per recording instead. */
const MAX_RANGE_PAGES = 4;
/** A transcription is made after its recording; this much clock disagreement is allowed for. */
const CLOCK_MARGIN_MS = 60 * 60 * 1000;

/**
 * Transcriptions of a batch of recordings, in as few calls as the API allows. The provider has
 * no multi-id read, but a transcription is always made after its recording: one list of the
 * transcriptions made since the oldest recording of the batch (`filter[created_at][gte]`, 250 a
 * page) answers the whole batch when it is short, which it is for the recent recordings a page
 * shows. When that list is long (an old recording in the batch), up to four pages are read, and
 * recordings still unanswered are asked for one by one (`filter[recording_id]`). Every answer is
 * matched by `recording_id` here too, so a provider that ignores a filter cannot mislead it.
 */
export async function transcriptionsOf(
  recordings: readonly TranscribedRecording[],
  options: TranscriptionLookupOptions,
): Promise<(RecordingTranscription | null | Error)[]> {
  const found = new Map<string, RecordingTranscription>();
  const remember = (rows: readonly Row<RecordingTranscription>[]) => {
    for (const row of rows) {
      if (row instanceof Error || row.recordingId === null) continue;
      const known = found.get(row.recordingId);
      // One transcription a recording; should the provider hold two, the newest wins.
      if (!known || newer(row, known)) found.set(row.recordingId, row);
    }
  };
  const wanted = new Set(recordings.map((recording) => recording.id));
  let unanswered = [...wanted];
  if (recordings.length > 1) {
    const complete = await readRange(recordings, options, remember);
    if (complete) return recordings.map((recording) => found.get(recording.id) ?? null);
    unanswered = unanswered.filter((id) => !found.has(id));
  }
  const errors = new Map<string, Error>();
  await Promise.all(
    unanswered.map(async (recordingId) => {
      try {
        const page = await options.run(() =>
          options.listPage({ filter: { recordingId }, pageNumber: 1, pageSize: 20 }),
        );

        const others = page.items.some(
          (row) => !(row instanceof Error) && row.recordingId !== recordingId,
        );
        if (others) options.onFilterIgnored?.();
        remember(page.items);
      } catch (error) {
        errors.set(recordingId, error instanceof Error ? error : new Error(String(error)));
      }
    }),
  );
  return recordings.map((recording) => errors.get(recording.id) ?? found.get(recording.id) ?? null);
}

/** True when the range list was read to its end: every transcription of the batch is known. */
async function readRange(
  recordings: readonly TranscribedRecording[],
  options: TranscriptionLookupOptions,
  remember: (rows: readonly Row<RecordingTranscription>[]) => void,
): Promise<boolean> {
  const oldest = Math.min(...recordings.map((recording) => recording.createdAt.epochMillis));
  const filter = { createdAfter: Timestamp.fromEpochMillis(oldest - CLOCK_MARGIN_MS) };
  const pageSize = MAX_UPSTREAM_PAGE_SIZE;
  const first = await options.listPage({ filter, pageNumber: 1, pageSize });
  remember(first.items);
  if (isLast(first, 1, pageSize)) return true;
  const pages = first.totalResults !== null ? Math.ceil(first.totalResults / pageSize) : null;
  if (pages !== null && pages <= MAX_RANGE_PAGES) {
    const rest = await Promise.all(
      Array.from({ length: pages - 1 }, (_, index) =>
        options.listPage({ filter, pageNumber: index + 2, pageSize }),
      ),
    );
    for (const page of rest) remember(page.items);
    return true;
  }
  if (pages === null) {
    // No totals (cursor-style meta): pages one after another, while they are full.
    for (let pageNumber = 2; pageNumber <= MAX_RANGE_PAGES; pageNumber += 1) {
      const page = await options.listPage({ filter, pageNumber, pageSize });
      remember(page.items);
      if (isLast(page, pageNumber, pageSize)) return true;
    }
  }
  return false;
}

function isLast(page: Page<RecordingTranscription>, pageNumber: number, pageSize: number): boolean {
  if (page.totalResults !== null) return pageNumber * pageSize >= page.totalResults;
  return page.items.length < pageSize;
}

function newer(a: RecordingTranscription, b: RecordingTranscription): boolean {
  if (!a.createdAt || !b.createdAt) return false;
  return a.createdAt.compare(b.createdAt) > 0;
}
