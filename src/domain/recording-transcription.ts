import type { Timestamp } from './timestamp';

export enum TranscriptionStatus {
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  UNKNOWN = 'UNKNOWN',
}

/** The text of a recording, made by the provider when the recording asked for it. */
export interface RecordingTranscription {
  readonly id: string;
  /** What it transcribes; null when the provider leaves it out. */
  readonly recordingId: string | null;
  /** Only a completed transcription has text. */
  readonly text: string | null;
  readonly status: TranscriptionStatus;
  readonly durationMillis: number | null;
  readonly createdAt: Timestamp | null;
  readonly updatedAt: Timestamp | null;
}

/** Completed: it will not change any more. */
export function isTranscriptionFinal(transcription: RecordingTranscription): boolean {
  return transcription.status === TranscriptionStatus.COMPLETED;
}
