import {
  RecordType,
  RecordingChannels,
  RecordingSource,
  RecordingStatus,
  type Recording,
} from '../domain/recording';
import type { WireRecording } from './wire-schemas';

// Exhaustive tables: adding a wire value without a domain value fails type checking.
const statusFromWire: Record<WireRecording['status'], RecordingStatus> = {
  completed: RecordingStatus.COMPLETED,
};
const channelsFromWire: Record<WireRecording['channels'], RecordingChannels> = {
  single: RecordingChannels.SINGLE,
  dual: RecordingChannels.DUAL,
};
const sourceFromWire: Record<WireRecording['source'], RecordingSource> = {
  conference: RecordingSource.CONFERENCE,
  call: RecordingSource.CALL,
};

export function recordingFromWire(wire: WireRecording): Recording {
  return {
    id: wire.id,
    recordType: RecordType.RECORDING,
    createdAt: new Date(wire.created_at),
    updatedAt: new Date(wire.updated_at),
    recordingStartedAt: new Date(wire.recording_started_at),
    recordingEndedAt: new Date(wire.recording_ended_at),
    durationMillis: wire.duration_millis,
    status: statusFromWire[wire.status],
    channels: channelsFromWire[wire.channels],
    source: sourceFromWire[wire.source],
    conferenceId: wire.conference_id ?? null,
    callLegId: wire.call_leg_id ?? null,
    callSessionId: wire.call_session_id ?? null,
    downloadUrls: {
      mp3: wire.download_urls.mp3 ?? null,
      wav: wire.download_urls.wav ?? null,
    },
  };
}
