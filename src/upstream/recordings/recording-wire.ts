import type { Row } from '../../domain/page';
import {
  RecordType,
  RecordingChannels,
  RecordingSource,
  RecordingStatus,
  type Recording,
} from '../../domain/recording';
import { brokenRow } from '../decode/broken-row';
import type { DriftObserver } from '../decode/drift-observer';
import { RowReader, isWireObject } from '../decode/row-reader';

// Wire values to domain values. Matching ignores case; anything else is UNKNOWN.
const STATUS: Readonly<Record<string, RecordingStatus>> = { completed: RecordingStatus.COMPLETED };
const CHANNELS: Readonly<Record<string, RecordingChannels>> = {
  single: RecordingChannels.SINGLE,
  dual: RecordingChannels.DUAL,
};
const SOURCE: Readonly<Record<string, RecordingSource>> = {
  conference: RecordingSource.CONFERENCE,
  call: RecordingSource.CALL,
};

/**
 * One recording from the wire (snake_case, every field optional upstream). Only `id` and
 * `created_at` are needed; without them the row is an error of its own. Everything else is
 * read tolerantly (see RowReader).
 */
export function recordingFromWire(wire: unknown, observer: DriftObserver): Row<Recording> {
  if (!isWireObject(wire))
    return brokenRow('recording', undefined, 'data', 'not an object', observer);
  const row = new RowReader('recording', wire, observer);
  const id = row.id('id');
  if (id === null) return brokenRow('recording', undefined, 'id', 'missing', observer);
  const createdAt = row.timestamp('created_at');
  if (createdAt === null)
    return brokenRow('recording', id, 'created_at', 'missing or invalid', observer);
  const urls = row.object('download_urls');
  return {
    id,
    recordType: RecordType.RECORDING,
    createdAt,
    updatedAt: row.timestamp('updated_at'),
    recordingStartedAt: row.timestamp('recording_started_at'),
    recordingEndedAt: row.timestamp('recording_ended_at'),
    durationMillis: row.integer('duration_millis'),
    status: row.enumeration('status', STATUS, RecordingStatus.UNKNOWN),
    channels: row.enumeration('channels', CHANNELS, RecordingChannels.UNKNOWN),
    source: row.enumeration('source', SOURCE, RecordingSource.UNKNOWN),
    conferenceId: row.id('conference_id'),
    callLegId: row.id('call_leg_id'),
    callSessionId: row.id('call_session_id'),
    downloadUrls: urls ? { mp3: urls.string('mp3'), wav: urls.string('wav') } : null,
    from: row.string('from'),
    to: row.string('to'),
    callControlId: row.string('call_control_id'),
    connectionId: row.id('connection_id'),
    initiatedBy: row.string('initiated_by'),
    sipCallId: row.string('sip_call_id'),
  };
}
