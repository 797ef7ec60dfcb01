import type { RecordingChannels } from './recording';

/** The file format a recording is saved in. */
export enum RecordingFormat {
  MP3 = 'MP3',
  WAV = 'WAV',
}

/** What a recording command asks of the provider. */
export type RecordingCommand = 'start' | 'stop' | 'pause' | 'resume';

/** How to record, for a start. Absent options take the provider's defaults. */
export interface StartRecordingOptions {
  readonly format: RecordingFormat;
  /** SINGLE or DUAL; never UNKNOWN (refused before it gets here). */
  readonly channels?: RecordingChannels | undefined;
  readonly playBeep?: boolean | undefined;
  readonly customFileName?: string | undefined;
  readonly trimSilence?: boolean | undefined;
  /** Calls only: longest recording in seconds (0: no limit). */
  readonly maxLengthSeconds?: number | undefined;
  /** Calls only: stop after this many seconds of silence (0: never). */
  readonly timeoutSeconds?: number | undefined;
}
