/** The record type discriminator the upstream puts on every recording. */
export enum RecordType {
  RECORDING = 'RECORDING',
}

export enum RecordingStatus {
  COMPLETED = 'COMPLETED',
}

export enum RecordingChannels {
  SINGLE = 'SINGLE',
  DUAL = 'DUAL',
}

export enum RecordingSource {
  CONFERENCE = 'CONFERENCE',
  CALL = 'CALL',
}

/** Pre-signed, short-lived links: treat as credentials (never log them). */
export interface RecordingDownloadUrls {
  readonly mp3: string | null;
  readonly wav: string | null;
}

export interface Recording {
  readonly id: string;
  readonly recordType: RecordType;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly recordingStartedAt: Date;
  readonly recordingEndedAt: Date;
  readonly durationMillis: number;
  readonly status: RecordingStatus;
  readonly channels: RecordingChannels;
  readonly source: RecordingSource;
  readonly conferenceId: string | null;
  readonly callLegId: string | null;
  readonly callSessionId: string | null;
  readonly downloadUrls: RecordingDownloadUrls;
}
