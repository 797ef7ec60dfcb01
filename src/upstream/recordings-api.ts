import type { Conference } from '../domain/conference';
import type { Page } from '../domain/page';
import type { Recording } from '../domain/recording';
import type { RecordingFilter } from '../domain/recording-filter';

/** Upstream limit on `page[size]`. */
export const MAX_UPSTREAM_PAGE_SIZE = 250;

export interface RecordingListQuery {
  readonly filter: RecordingFilter;
  readonly pageNumber: number;
  readonly pageSize: number;
}

/** The upstream API as the rest of the gateway sees it: domain objects in, domain objects out. */
export interface RecordingsApi {
  /** Null when the upstream answers 404. */
  getRecording(id: string): Promise<Recording | null>;
  listRecordings(query: RecordingListQuery): Promise<Page<Recording>>;
  /** The deleted recording, or null when there was none to delete. */
  deleteRecording(id: string): Promise<Recording | null>;
  /** Null when the upstream answers 404. */
  getConference(id: string): Promise<Conference | null>;
}
