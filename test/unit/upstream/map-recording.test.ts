import {
  RecordingChannels,
  RecordingSource,
  RecordingStatus,
  RecordType,
} from '../../../src/domain/recording';
import { recordingFromWire } from '../../../src/upstream/map-recording';
import { wireRecordingSchema } from '../../../src/upstream/wire-schemas';

const wire = {
  record_type: 'recording',
  id: 'rec-1',
  created_at: '2026-01-02T10:00:00.000Z',
  updated_at: '2026-01-02T10:00:05Z',
  recording_started_at: '2026-01-02T09:59:00+00:00',
  recording_ended_at: '2026-01-02T10:00:00Z',
  duration_millis: 60000,
  status: 'completed',
  channels: 'dual',
  source: 'call',
  conference_id: null,
  call_leg_id: 'leg-1',
  call_session_id: 'session-1',
  download_urls: { mp3: 'https://files/rec-1.mp3' },
  // Fields newer API versions add: ignored.
  call_control_id: 'v3:abc',
  from: '+15550001',
};

describe('recordingFromWire', () => {
  it('maps snake_case wire fields, lower-case enums and timestamps to the domain', () => {
    expect(recordingFromWire(wireRecordingSchema.parse(wire))).toEqual({
      id: 'rec-1',
      recordType: RecordType.RECORDING,
      createdAt: new Date('2026-01-02T10:00:00.000Z'),
      updatedAt: new Date('2026-01-02T10:00:05Z'),
      recordingStartedAt: new Date('2026-01-02T09:59:00Z'),
      recordingEndedAt: new Date('2026-01-02T10:00:00Z'),
      durationMillis: 60000,
      status: RecordingStatus.COMPLETED,
      channels: RecordingChannels.DUAL,
      source: RecordingSource.CALL,
      conferenceId: null,
      callLegId: 'leg-1',
      callSessionId: 'session-1',
      downloadUrls: { mp3: 'https://files/rec-1.mp3', wav: null },
    });
  });

  it('treats absent optional ids as null', () => {
    const { conference_id: _c, call_leg_id: _l, call_session_id: _s, ...rest } = wire;
    const recording = recordingFromWire(wireRecordingSchema.parse(rest));
    expect([recording.conferenceId, recording.callLegId, recording.callSessionId]).toEqual([
      null,
      null,
      null,
    ]);
  });

  it.each([
    ['an unknown status', { status: 'transcoding' }],
    ['a missing id', { id: undefined }],
    ['a non-date timestamp', { created_at: 'yesterday' }],
    ['a string duration', { duration_millis: '60000' }],
  ])('rejects %s at the boundary', (_what, change) => {
    expect(wireRecordingSchema.safeParse({ ...wire, ...change }).success).toBe(false);
  });
});
