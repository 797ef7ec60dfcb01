import type { Row } from '../../domain/page';
import {
  TranscriptionStatus,
  type RecordingTranscription,
} from '../../domain/recording-transcription';
import { brokenRow } from '../decode/broken-row';
import type { DriftObserver } from '../decode/drift-observer';
import { RowReader, isWireObject } from '../decode/row-reader';

// The provider spells it with a hyphen; an underscore is accepted too.
const STATUS: Readonly<Record<string, TranscriptionStatus>> = {
  'in-progress': TranscriptionStatus.IN_PROGRESS,
  in_progress: TranscriptionStatus.IN_PROGRESS,
  completed: TranscriptionStatus.COMPLETED,
};

/** One recording transcription from the wire; only `id` is needed. */
export function transcriptionFromWire(
  wire: unknown,
  observer: DriftObserver,
): Row<RecordingTranscription> {
  if (!isWireObject(wire)) {
    return brokenRow('transcription', undefined, 'data', 'not an object', observer);
  }
  const row = new RowReader('transcription', wire, observer);
  const id = row.id('id');
  if (id === null) return brokenRow('transcription', undefined, 'id', 'missing', observer);
  let status = row.enumeration('status', STATUS, TranscriptionStatus.UNKNOWN);
  if (status === null) {
    observer.observe({ kind: 'invalid', resource: 'transcription', field: 'status', rowId: id });
    status = TranscriptionStatus.UNKNOWN;
  }
  return {
    id,
    recordingId: row.id('recording_id'),
    text: row.string('transcription_text'),
    status,
    durationMillis: row.integer('duration_millis'),
    createdAt: row.timestamp('created_at'),
    updatedAt: row.timestamp('updated_at'),
  };
}
