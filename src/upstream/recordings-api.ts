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

/** A delete the provider confirmed; `item` is what it returned, null when it returned nothing. */
export interface Deleted<T> {
  readonly item: T | null;
}

/** The upstream API as the rest of the gateway sees it: domain objects in, domain objects out. */
export interface RecordingsApi {
  /** Null when the provider says there is none; a broken answer throws. */
  getRecording(id: string): Promise<Recording | null>;
  listRecordings(query: RecordingListQuery): Promise<Page<Recording>>;
  /** Null when there was none to delete. */
  deleteRecording(id: string): Promise<Deleted<Recording> | null>;
  /** Null when the provider says there is none. */
  getConference(id: string): Promise<Conference | null>;
}
