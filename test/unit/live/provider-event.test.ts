import { parseProviderEvent } from '../../../src/live/provider-event';

const envelope = (data: unknown) => ({ data });

describe('parseProviderEvent', () => {
  it('reads a saved recording', () => {
    expect(
      parseProviderEvent(
        envelope({
          event_type: 'call.recording.saved',
          id: 'ev-1',
          occurred_at: '2026-01-01T00:00:00Z',
          payload: { recording_id: 'r1', call_leg_id: 'l1', conference_id: null, extra: 3 },
        }),
      ),
    ).toEqual({
      kind: 'event',
      type: 'call.recording.saved',
      event: {
        kind: 'recording_saved',
        eventId: 'ev-1',
        recordingId: 'r1',
        callLegId: 'l1',
        conferenceId: null,
        callSessionId: null,
      },
    });
  });

  it('reads a saved transcription', () => {
    expect(
      parseProviderEvent(
        envelope({
          event_type: 'call.recording.transcription.saved',
          id: 'ev-2',
          payload: { recording_transcription_id: 't1' },
        }),
      ),
    ).toEqual({
      kind: 'event',
      type: 'call.recording.transcription.saved',
      event: {
        kind: 'transcription_saved',
        eventId: 'ev-2',
        recordingId: null,
        transcriptionId: 't1',
      },
    });
  });

  it('ignores other event types, whatever their payload', () => {
    for (const payload of [undefined, null, {}, { anything: [1, 2] }]) {
      expect(
        parseProviderEvent(envelope({ event_type: 'call.hangup', id: 'ev-3', payload })),
      ).toEqual({ kind: 'ignored', type: 'call.hangup', eventId: 'ev-3' });
    }
  });

  it('calls an event that names nothing it can find unusable', () => {
    for (const [type, payload] of [
      ['conference.recording.saved', { conference_id: 'c1' }],
      ['conference.recording.saved', undefined],
      ['call.recording.transcription.saved', { recording_id: null }],
    ] as const) {
      expect(parseProviderEvent(envelope({ event_type: type, id: 'ev-4', payload }))).toEqual({
        kind: 'unusable',
        type,
        eventId: 'ev-4',
      });
    }
  });

  it('refuses what is not the provider envelope', () => {
    const long = 'x'.repeat(201);
    for (const body of [
      null,
      'text',
      [],
      {},
      { data: null },
      { data: [] },
      envelope({ id: 'ev' }),
      envelope({ event_type: '', id: 'ev' }),
      envelope({ event_type: long, id: 'ev' }),
      envelope({ event_type: 'call.hangup' }),
      envelope({ event_type: 'call.hangup', id: '' }),
      envelope({ event_type: 'call.hangup', id: long }),
      envelope({ event_type: 'call.hangup', id: 7 }),
      envelope({ event_type: 'call.hangup', id: 'ev', payload: 'text' }),
      envelope({ event_type: 'call.hangup', id: 'ev', payload: [] }),
    ]) {
      expect(parseProviderEvent(body)).toBeNull();
    }
  });

  it('counts an id’s length in characters, not UTF-16 units', () => {
    const emoji = '\u{1F600}';
    expect(
      parseProviderEvent(envelope({ event_type: 'call.hangup', id: emoji.repeat(200) })),
    ).toEqual({ kind: 'ignored', type: 'call.hangup', eventId: emoji.repeat(200) });
    expect(
      parseProviderEvent(envelope({ event_type: 'call.hangup', id: emoji.repeat(201) })),
    ).toBeNull();
  });

  it('refuses a payload field of the wrong kind for an event it acts on', () => {
    for (const payload of [
      { recording_id: 7 },
      { recording_id: 'r1', call_leg_id: '' },
      { recording_id: 'r1', call_session_id: 'x'.repeat(201) },
      { recording_id: 'r1', conference_id: {} },
    ]) {
      expect(
        parseProviderEvent(envelope({ event_type: 'call.recording.saved', id: 'ev', payload })),
      ).toBeNull();
    }
    expect(
      parseProviderEvent(
        envelope({
          event_type: 'call.recording.transcription.saved',
          id: 'ev',
          payload: { recording_transcription_id: false },
        }),
      ),
    ).toBeNull();
  });
});
