import type { Conference } from '../domain/conference';
import type { ConferenceFilter } from '../domain/conference-filter';
import type { Page } from '../domain/page';
import type { Participant } from '../domain/participant';
import type { ParticipantFilter } from '../domain/participant-filter';
import type { Recording } from '../domain/recording';
import type { RecordingCommand, StartRecordingOptions } from '../domain/recording-control';
import type { RecordingFilter } from '../domain/recording-filter';
import type { RecordingTranscription } from '../domain/recording-transcription';
import type { Timestamp } from '../domain/timestamp';

/** Upstream limit on `page[size]`. */
export const MAX_UPSTREAM_PAGE_SIZE = 250;

/** One page of a filtered list, as the provider addresses it. */
export interface ListQuery<F> {
  readonly filter: F;
  readonly pageNumber: number;
  readonly pageSize: number;
}

export type RecordingListQuery = ListQuery<RecordingFilter>;

/** A conference's participants: the list lives under the conference's path. */
export interface ParticipantListFilter extends ParticipantFilter {
  readonly conferenceId: string;
}

/** What the provider can filter transcriptions on. */
export interface TranscriptionListFilter {
  readonly recordingId?: string | undefined;
  /** Inclusive lower bound on the transcription's `created_at`. */
  readonly createdAfter?: Timestamp | undefined;
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
  /**
   * One bulk call for every id (at most 250, de-duplicated by the caller). False when the
   * provider answered that none of them exist.
   */
  deleteRecordings(ids: readonly string[]): Promise<boolean>;

  /** Null when the provider says there is none. */
  getConference(id: string): Promise<Conference | null>;
  listConferences(query: ListQuery<ConferenceFilter>): Promise<Page<Conference>>;
  /** An empty page when the conference does not exist. */
  listParticipants(query: ListQuery<ParticipantListFilter>): Promise<Page<Participant>>;
  getTranscription(id: string): Promise<RecordingTranscription | null>;
  listTranscriptions(
    query: ListQuery<TranscriptionListFilter>,
  ): Promise<Page<RecordingTranscription>>;
  deleteTranscription(id: string): Promise<Deleted<RecordingTranscription> | null>;

  /**
   * A recording command on a conference (`options` for a start). False when the provider does
   * not know the conference; its refusals (422) reject with BAD_USER_INPUT.
   */
  controlConferenceRecording(
    conferenceId: string,
    command: RecordingCommand,
    options?: StartRecordingOptions,
  ): Promise<boolean>;
  /** The same on a live call, by its call control id. */
  controlCallRecording(
    callControlId: string,
    command: RecordingCommand,
    options?: StartRecordingOptions,
  ): Promise<boolean>;
}
