import {
  ConferenceWithRecordingsDocument,
  PauseCallRecordingDocument,
  PauseConferenceRecordingDocument,
  ResumeCallRecordingDocument,
  ResumeConferenceRecordingDocument,
  StartCallRecordingDocument,
  StartConferenceRecordingDocument,
  StopCallRecordingDocument,
  StopConferenceRecordingDocument,
  CallLegRecordingsDocument,
} from '../operations/generated';
import { requestSchema, violations } from '../contract/support/provider-contract';
import { errorCodes, execute } from '../support/graphql-client';
import { startStack, type Stack } from '../support/start-stack';
import { subscribe } from '../support/subscription-client';
import { callsByRoute } from '../support/upstream-calls';

interface Saved {
  recordingSaved: { id: string; conferenceId: string | null; callLegId: string | null };
}
const RECORDING_SAVED = `subscription ($filter: RecordingSavedFilter) {
  recordingSaved(filter: $filter) { id conferenceId callLegId }
}`;

describe('recording control', () => {
  let stack: Stack;
  beforeAll(async () => {
    // With the cross-request cache on: a stop must refresh what it holds.
    stack = await startStack({ env: { CACHE_TTL_SECONDS: '60', CACHE_MUTABLE_TTL_SECONDS: '60' } });
  });
  afterAll(() => stack.close());

  const url = () => stack.gateway.url;
  const liveConferences = () =>
    stack.simulator.dataset.conferences.filter((c) => c.status !== 'completed');
  const activeCalls = () => stack.simulator.dataset.calls.filter((c) => c.state === 'active');

  /** The commands the provider received: route and body, each body checked against the spec. */
  function commandsSent() {
    return stack.simulator.requests
      .filter((request) => request.route.includes('/actions/record_'))
      .map((request) => {
        const { route } = request;
        const schema = requestSchema(route);
        const wrong = schema ? violations(schema, request.body) : ['no schema'];
        return { route, body: request.body, conforms: wrong };
      });
  }

  it('starts, pauses, resumes and stops a conference recording, which is listed at once and delivered by subscription', async () => {
    const conference = liveConferences()[0]!;
    // Read (and cache) the conference's recordings first.
    const before = await execute(url(), ConferenceWithRecordingsDocument, {
      id: conference.id,
      first: 5,
    });
    const subscriber = await subscribe<Saved>(url(), RECORDING_SAVED, {
      filter: { conferenceId: conference.id },
    });
    stack.simulator.clearRequests();

    const started = await execute(url(), StartConferenceRecordingDocument, {
      conferenceId: conference.id,
      options: { format: 'WAV', channels: 'DUAL', playBeep: true, customFileName: 'standup' },
    });
    const paused = await execute(url(), PauseConferenceRecordingDocument, {
      conferenceId: conference.id,
    });
    const resumed = await execute(url(), ResumeConferenceRecordingDocument, {
      conferenceId: conference.id,
    });
    const stopped = await execute(url(), StopConferenceRecordingDocument, {
      conferenceId: conference.id,
    });
    const after = await execute(url(), ConferenceWithRecordingsDocument, {
      id: conference.id,
      first: 5,
    });
    const [event] = await subscriber.until(1, 10_000);
    await subscriber.close();

    for (const response of [started, paused, resumed, stopped])
      expect(response.errors).toBeUndefined();
    expect(started.data?.startConferenceRecording).toEqual({
      ok: true,
      conference: { id: conference.id, status: expect.any(String) },
    });
    const sent = commandsSent();
    expect(sent.map(({ route, body }) => [route, body])).toEqual([
      [
        'POST /conferences/{id}/actions/record_start',
        {
          format: 'wav',
          channels: 'dual',
          play_beep: true,
          custom_file_name: 'standup',
          command_id: expect.any(String),
        },
      ],
      ['POST /conferences/{id}/actions/record_pause', { command_id: expect.any(String) }],
      ['POST /conferences/{id}/actions/record_resume', { command_id: expect.any(String) }],
      ['POST /conferences/{id}/actions/record_stop', { command_id: expect.any(String) }],
    ]);
    expect(sent.map((command) => command.conforms)).toEqual([[], [], [], []]);
    // The new recording heads the list at once, though the list was cached before the stop.
    const saved = stack.simulator.dataset.recordings.find(
      (r) => r.conference_id === conference.id && r.initiated_by === 'StartConferenceRecordingAPI',
    )!;
    expect(after.data?.conference?.recordings?.nodes[0]?.id).toBe(saved.id);
    expect(after.data?.conference?.recordings?.totalCount).toBe(
      (before.data?.conference?.recordings?.totalCount ?? 0) + 1,
    );
    expect(event?.data?.recordingSaved).toEqual({
      id: saved.id,
      conferenceId: conference.id,
      callLegId: null,
    });
  });

  it('records a live call with the options calls take, and lists the recording on its call leg', async () => {
    const call = activeCalls()[0]!;
    await execute(url(), CallLegRecordingsDocument, { id: call.call_leg_id });
    stack.simulator.clearRequests();

    const started = await execute(url(), StartCallRecordingDocument, {
      callControlId: call.call_control_id,
      options: { maxLengthSeconds: 600, timeoutSeconds: 30, trimSilence: true },
    });
    const paused = await execute(url(), PauseCallRecordingDocument, {
      callControlId: call.call_control_id,
    });
    const resumed = await execute(url(), ResumeCallRecordingDocument, {
      callControlId: call.call_control_id,
    });
    const stopped = await execute(url(), StopCallRecordingDocument, {
      callControlId: call.call_control_id,
    });
    const after = await execute(url(), CallLegRecordingsDocument, { id: call.call_leg_id });

    for (const response of [started, paused, resumed, stopped])
      expect(response.errors).toBeUndefined();
    expect(stopped.data?.stopCallRecording).toEqual({
      ok: true,
      callControlId: call.call_control_id,
    });
    const sent = commandsSent();
    expect(sent[0]?.body).toEqual({
      format: 'mp3',
      channels: 'single',
      trim: 'trim-silence',
      max_length: 600,
      timeout_secs: 30,
      command_id: expect.any(String),
    });
    expect(sent.map((command) => command.conforms)).toEqual([[], [], [], []]);
    const saved = stack.simulator.dataset.recordings.find(
      (r) =>
        r.call_control_id === call.call_control_id && r.initiated_by === 'StartCallRecordingAPI',
    )!;
    expect(after.data?.callLeg?.recordings?.nodes[0]?.id).toBe(saved.id);
  });

  it('passes the provider refusals on as BAD_USER_INPUT with its code, and an unknown conference as NOT_FOUND', async () => {
    const [first, second] = liveConferences();
    const ended = stack.simulator.dataset.conferences.find((c) => c.status === 'completed')!;
    const hungUp = stack.simulator.dataset.calls.find((c) => c.state === 'ended')!;
    await execute(url(), StartConferenceRecordingDocument, { conferenceId: second!.id });

    const cases = await Promise.all([
      execute(url(), StartConferenceRecordingDocument, { conferenceId: second!.id }),
      execute(url(), StopConferenceRecordingDocument, { conferenceId: first!.id }),
      execute(url(), StartConferenceRecordingDocument, { conferenceId: ended.id }),
      execute(url(), StartCallRecordingDocument, { callControlId: hungUp.call_control_id }),
      execute(url(), StartCallRecordingDocument, { callControlId: 'v3:no-such-call' }),
      execute(url(), StopConferenceRecordingDocument, { conferenceId: 'no-such-conference' }),
    ]);
    await execute(url(), StopConferenceRecordingDocument, { conferenceId: second!.id });

    expect(
      cases.map((response) => [
        errorCodes(response)[0],
        response.errors?.[0]?.extensions?.['upstreamCode'],
      ]),
    ).toEqual([
      ['BAD_USER_INPUT', '90071'],
      ['BAD_USER_INPUT', '90072'],
      ['BAD_USER_INPUT', '90019'],
      ['BAD_USER_INPUT', '90018'],
      ['BAD_USER_INPUT', '90015'],
      ['NOT_FOUND', undefined],
    ]);
    expect(cases[0].errors?.[0]?.message).toBe(
      'The recordings API refused the command: A recording is already in progress.',
    );
  });

  it('refuses options the conference form does not take, before any upstream call', async () => {
    stack.simulator.clearRequests();
    const response = await execute(url(), StartConferenceRecordingDocument, {
      conferenceId: liveConferences()[0]!.id,
      options: { maxLengthSeconds: 60 },
    });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.extensions?.['argumentName']).toBe('options.maxLengthSeconds');
    expect(stack.simulator.requests).toEqual([]);
  });

  it('never retries a command the provider may have acted on', async () => {
    const conference = liveConferences()[0]!;
    stack.simulator.clearRequests();
    stack.simulator.faults.add({
      kind: 'status',
      status: 503,
      route: 'POST /conferences/{id}/actions/record_start',
    });
    try {
      const response = await execute(url(), StartConferenceRecordingDocument, {
        conferenceId: conference.id,
      });
      expect(errorCodes(response)).toEqual(['UPSTREAM_ERROR']);
      expect(callsByRoute(stack.simulator.requests)).toEqual({
        'POST /conferences/{id}/actions/record_start': 1,
      });
    } finally {
      stack.simulator.faults.clear();
    }
  });
});
