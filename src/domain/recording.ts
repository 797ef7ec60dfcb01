import type { Timestamp } from './timestamp';

/** The record type discriminator the upstream puts on every recording. */
export enum RecordType {
  RECORDING = 'RECORDING',
}

// Every enum read from the provider has UNKNOWN: a value added upstream after this gateway was
// built is served as UNKNOWN (and logged and counted), never a failed row.

export enum RecordingStatus {
  COMPLETED = 'COMPLETED',
  UNKNOWN = 'UNKNOWN',
}

export enum RecordingChannels {
  SINGLE = 'SINGLE',
  DUAL = 'DUAL',
  UNKNOWN = 'UNKNOWN',
}

export enum RecordingSource {
  CONFERENCE = 'CONFERENCE',
  CALL = 'CALL',
  UNKNOWN = 'UNKNOWN',
}

/** Pre-signed, short-lived links: treat as credentials (never log them). */
export interface RecordingDownloadUrls {
  readonly mp3: string | null;
  readonly wav: string | null;
}

/**
 * A recording as the provider describes it. The provider marks every field optional; this
 * gateway needs only `id` (identity) and `createdAt` (the list's order, and its cursors). The
 * rest is null when the provider leaves it out, as it does for a recording still in progress.
 */
export interface Recording {
  readonly id: string;
  readonly recordType: RecordType;
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp | null;
  readonly recordingStartedAt: Timestamp | null;
  readonly recordingEndedAt: Timestamp | null;
  readonly durationMillis: number | null;
  readonly status: RecordingStatus | null;
  readonly channels: RecordingChannels | null;
  readonly source: RecordingSource | null;
  readonly conferenceId: string | null;
  readonly callLegId: string | null;
  readonly callSessionId: string | null;
  readonly downloadUrls: RecordingDownloadUrls | null;
  /** Newer API versions: the call's numbers (E.164), its control id and connection. */
  readonly from: string | null;
  readonly to: string | null;
  readonly callControlId: string | null;
  readonly connectionId: string | null;
  /** A free string upstream (`DialVerb`, `Conference`, `OutboundAPI`, ...), not an enum. */
  readonly initiatedBy: string | null;
  /** The SIP Call-ID of the recorded call leg (newest API versions). */
  readonly sipCallId: string | null;
}

/** Final: its fields will not change, so caches may keep it longer. */
export function isFinal(recording: Recording): boolean {
  return recording.status === RecordingStatus.COMPLETED && recording.recordingEndedAt !== null;
}
