import type { Timestamp } from './timestamp';

/** Filters the upstream can apply to the recordings list; every one is optional. */
export interface RecordingFilter {
  readonly conferenceId?: string | undefined;
  readonly callLegId?: string | undefined;
  readonly callSessionId?: string | undefined;
  readonly callControlId?: string | undefined;
  readonly connectionId?: string | undefined;
  /** E.164 numbers, matched exactly by the provider. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** Inclusive bounds on `created_at`, at the provider's precision. */
  readonly createdAfter?: Timestamp | undefined;
  readonly createdBefore?: Timestamp | undefined;
  /** The recorded call's SIP Call-ID, matched exactly (case-sensitive) by the provider. */
  readonly sipCallId?: string | undefined;
  /** Recordings of conferences held in this region (exact match). */
  readonly conferenceRegion?: string | undefined;
  /** Inclusive bounds on `recording_started_at` and `recording_ended_at`. */
  readonly startedAfter?: Timestamp | undefined;
  readonly startedBefore?: Timestamp | undefined;
  readonly endedAfter?: Timestamp | undefined;
  readonly endedBefore?: Timestamp | undefined;
}
