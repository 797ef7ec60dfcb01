import { randomUUID } from 'node:crypto';
import type { SaveOptions } from './running-simulator';
import type { SimDataset, SimRecording, SimTranscription } from './sim-records';
import type { WebhookSender } from './webhook-sender';

// What the provider announces by webhook when it saves a recording or a transcription.

/** A recording's transcription is saved (completed) and announced. */
export async function saveTranscription(
  data: SimDataset,
  webhooks: WebhookSender,
  recordingId: string,
): Promise<SimTranscription> {
  const recording = data.recordings.find((candidate) => candidate.id === recordingId);
  const now = new Date().toISOString().replace('Z', '000Z');
  const transcription: SimTranscription = {
    record_type: 'recording_transcription',
    id: randomUUID(),
    recording_id: recordingId,
    transcription_text: 'Thanks for calling, a new recording has arrived.',
    status: 'completed',
    duration_millis: recording?.duration_millis ?? 30_000,
    created_at: now,
    updated_at: now,
  };
  data.transcriptions.unshift(transcription);
  await webhooks.send('call.recording.transcription.saved', {
    recording_id: recordingId,
    recording_transcription_id: transcription.id,
    transcription_text: transcription.transcription_text,
    status: 'completed',
    call_leg_id: recording?.call_leg_id ?? null,
    call_session_id: recording?.call_session_id ?? null,
    call_control_id: recording?.call_control_id ?? null,
    connection_id: recording?.connection_id ?? null,
    calling_party_type: 'pstn',
  });
  return transcription;
}

/** The saved event for a recording (delivered, with retries, before it resolves). */
export async function announceRecording(
  webhooks: WebhookSender,
  recording: SimRecording,
  format: 'mp3' | 'wav',
  save: SaveOptions = {},
): Promise<void> {
  const common = {
    call_session_id: recording.call_session_id,
    call_control_id: recording.call_control_id ?? null,
    connection_id: recording.connection_id ?? null,
    channels: recording.channels,
    recording_started_at: recording.recording_started_at,
    recording_ended_at: recording.recording_ended_at,
    recording_urls: recording.download_urls,
    public_recording_urls: recording.download_urls,
  };
  await (recording.conference_id !== null
    ? webhooks.send('conference.recording.saved', {
        ...common,
        recording_id: recording.id,
        conference_id: recording.conference_id,
        format,
      })
    : webhooks.send('call.recording.saved', {
        ...common,
        ...(save.omitRecordingId ? {} : { recording_id: recording.id }),
        call_leg_id: recording.call_leg_id,
      }));
}
