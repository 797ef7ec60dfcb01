import { randomBytes, randomUUID } from 'node:crypto';
import { sipCallIdOf } from './seed-data';
import type { SimDataset, SimRecording } from './sim-records';

/** The provider's precision: microseconds. */
function isoMicrosNow(ms: number): string {
  const micros = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  return new Date(ms).toISOString().replace('Z', `${micros}Z`);
}

/**
 * A recording made just now, like the newest of the seed: a call recording on a known call leg
 * when there is one, with every newer field. `overrides` sets any wire field.
 */
export function newRecording(
  data: SimDataset,
  filesBaseUrl: string,
  overrides: Partial<SimRecording>,
): SimRecording {
  const now = Date.now();
  const id = randomUUID();
  const template = data.recordings.find((recording) => recording.call_leg_id !== null);
  const query = `?X-Amz-Expires=600&X-Amz-Signature=${randomBytes(16).toString('hex')}`;
  const durationMillis = 30_000;
  return {
    record_type: 'recording',
    id,
    created_at: isoMicrosNow(now),
    updated_at: isoMicrosNow(now),
    recording_started_at: isoMicrosNow(now - durationMillis),
    recording_ended_at: isoMicrosNow(now),
    duration_millis: durationMillis,
    status: 'completed',
    channels: 'single',
    source: 'call',
    conference_id: null,
    call_leg_id: template?.call_leg_id ?? randomUUID(),
    call_session_id: template?.call_session_id ?? randomUUID(),
    download_urls: {
      mp3: `${filesBaseUrl}${id}.mp3${query}`,
      wav: `${filesBaseUrl}${id}.wav${query}`,
    },
    call_control_id: `v3:${randomUUID()}`,
    connection_id: '2000001',
    from: '+15550000001',
    to: '+15550000002',
    initiated_by: 'StartCallRecordingAPI',
    ...(template?.call_leg_id ? { sip_call_id: sipCallIdOf(template.call_leg_id) } : {}),
    ...overrides,
  };
}

/** Newest first by `created_at` (to the microsecond); a tie goes after the rows it ties with. */
export function insertByCreatedAt(recordings: SimRecording[], recording: SimRecording): void {
  const key = sortKey(recording.created_at);
  const index = recordings.findIndex((existing) => sortKey(existing.created_at) < key);
  if (index < 0) recordings.push(recording);
  else recordings.splice(index, 0, recording);
}

/** Comparable text of an instant at full precision: epoch millis, then the sub-millisecond digits. */
export function sortKey(iso: string): string {
  const millis = Date.parse(iso);
  const fraction = /\.(\d+)/.exec(iso)?.[1] ?? '';
  return `${String(millis).padStart(16, '0')}${fraction.slice(3).padEnd(6, '0')}`;
}
