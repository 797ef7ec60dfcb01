import { RecordingByIdDocument, RecordingsWithConferencesDocument } from '../operations/generated';
import { execute } from '../support/graphql-client';
import { startStack, type Stack } from '../support/start-stack';

describe('reading recordings', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  const seed = () => stack.simulator.dataset.recordings;

  it('returns every field of a recording, with enums and dates mapped from the wire', async () => {
    const wire = seed().find((recording) => recording.source === 'conference');
    if (!wire) throw new Error('seed has no conference recording');

    const response = await execute(stack.gateway.url, RecordingByIdDocument, { id: wire.id });

    expect(response.errors).toBeUndefined();
    expect(response.data?.recording).toEqual({
      id: wire.id,
      recordType: 'RECORDING',
      createdAt: wire.created_at,
      updatedAt: wire.updated_at,
      recordingStartedAt: wire.recording_started_at,
      recordingEndedAt: wire.recording_ended_at,
      durationMillis: wire.duration_millis,
      status: 'COMPLETED',
      channels: wire.channels.toUpperCase(),
      source: 'CONFERENCE',
      conferenceId: wire.conference_id,
      callLegId: null,
      callSessionId: null,
      downloadUrls: { mp3: wire.download_urls.mp3, wav: wire.download_urls.wav },
      conference: {
        id: wire.conference_id,
        name: stack.simulator.dataset.conferences.find((c) => c.id === wire.conference_id)?.name,
        status: expect.any(String),
      },
      callLeg: null,
    });
  });

  it('links a call recording to its call leg and leaves the conference null', async () => {
    const wire = seed().find((recording) => recording.source === 'call');
    if (!wire) throw new Error('seed has no call recording');

    const response = await execute(stack.gateway.url, RecordingByIdDocument, { id: wire.id });

    expect(response.data?.recording).toMatchObject({
      source: 'CALL',
      callLegId: wire.call_leg_id,
      callSessionId: wire.call_session_id,
      conference: null,
      callLeg: { id: wire.call_leg_id },
    });
  });

  it('gives a null wav link when the provider omits it', async () => {
    const wire = seed().find((recording) => recording.download_urls.wav === undefined);
    if (!wire) throw new Error('seed has no recording without wav');

    const response = await execute(stack.gateway.url, RecordingByIdDocument, { id: wire.id });

    expect(response.data?.recording?.downloadUrls).toEqual({
      mp3: wire.download_urls.mp3,
      wav: null,
    });
  });

  it('answers null without an error for an unknown recording', async () => {
    const response = await execute(stack.gateway.url, RecordingByIdDocument, { id: 'no-such-id' });

    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ recording: null });
  });

  it('filters by conference, call leg, call session and creation time like the upstream does', async () => {
    const all = seed();
    const withConference = all.find((r) => r.conference_id !== null);
    const withLeg = all.find((r) => r.call_leg_id !== null);
    const createdAfter = all[120]?.created_at ?? '';
    const createdBefore = all[100]?.created_at ?? '';
    const cases = [
      {
        filter: { conferenceId: withConference?.conference_id },
        expected: all.filter((r) => r.conference_id === withConference?.conference_id),
      },
      {
        filter: { callLegId: withLeg?.call_leg_id },
        expected: all.filter((r) => r.call_leg_id === withLeg?.call_leg_id),
      },
      {
        filter: { callSessionId: withLeg?.call_session_id },
        expected: all.filter((r) => r.call_session_id === withLeg?.call_session_id),
      },
      { filter: { createdAfter, createdBefore }, expected: all.slice(100, 121) },
    ];

    for (const { filter, expected } of cases) {
      const response = await execute(stack.gateway.url, RecordingsWithConferencesDocument, {
        first: 250,
        filter,
      });
      expect(response.errors).toBeUndefined();
      expect(response.data?.recordings?.totalCount).toBe(expected.length);
      expect(response.data?.recordings?.edges.map((edge) => edge.node?.id)).toEqual(
        expected.map((r) => r.id),
      );
    }
  });

  it('rejects a malformed date filter as bad user input', async () => {
    const response = await execute(stack.gateway.url, RecordingsWithConferencesDocument, {
      filter: { createdAfter: 'yesterday' },
    });

    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });
});
