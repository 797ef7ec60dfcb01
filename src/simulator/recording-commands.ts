import type { RouteContext, SimResponse } from './sim-response';
import { sipCallIdOf } from './seed-data';
import type { SimActiveRecording, SimRecording } from './sim-records';

// The provider's recording commands (Call Control and Conference). Codes from its spec where it
// lists one (90015, 90018, 90019, 10032); for "already recording" and "not recording" it lists
// none, so these two are the simulator's own.
const ALREADY_RECORDING = '90071';
const NOT_RECORDING = '90072';

type Verb = 'start' | 'stop' | 'pause' | 'resume';

function refusal(code: string, title: string, detail: string, pointer?: string): SimResponse {
  return {
    status: 422,
    body: { errors: [{ code, title, detail, ...(pointer ? { source: { pointer } } : {}) }] },
  };
}

const OK: SimResponse = { status: 200, body: { data: { result: 'ok' } } };

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null
    ? (body as Record<string, unknown>)[name]
    : undefined;
}

/** A start's body as the spec's StartRecordingRequest allows it; a refusal otherwise. */
function readStart(body: unknown, channelsRequired: boolean): SimActiveRecording | SimResponse {
  const format = field(body, 'format');
  if (format !== 'mp3' && format !== 'wav') {
    return refusal('10032', 'Invalid enumerated value', 'format must be mp3 or wav.', '/format');
  }
  const channels = field(body, 'channels') ?? (channelsRequired ? undefined : 'single');
  if (channels !== 'single' && channels !== 'dual') {
    return refusal(
      '10032',
      'Invalid enumerated value',
      'channels must be single or dual.',
      '/channels',
    );
  }
  const name = field(body, 'custom_file_name');
  if (name !== undefined && (typeof name !== 'string' || name.length < 1 || name.length > 40)) {
    return refusal(
      '10015',
      'Invalid value',
      'custom_file_name must be 1 to 40 characters.',
      '/custom_file_name',
    );
  }
  return { startedAtMs: Date.now(), format, channels, pausedAtMs: null, pausedMs: 0 };
}

/** The verb's effect on the recording under `key`, or the provider's refusal. */
function apply(
  { body, data }: RouteContext,
  key: string,
  verb: Verb,
  channelsRequired: boolean,
  onStopped: (recording: SimActiveRecording) => void,
): SimResponse {
  const active = data.activeRecordings.get(key);
  switch (verb) {
    case 'start': {
      if (active)
        return refusal(
          ALREADY_RECORDING,
          'Recording already in progress',
          'A recording is already in progress.',
        );
      const started = readStart(body, channelsRequired);
      if ('status' in started) return started;
      data.activeRecordings.set(key, started);
      return OK;
    }
    case 'stop': {
      if (!active)
        return refusal(NOT_RECORDING, 'No recording in progress', 'There is no recording to stop.');
      data.activeRecordings.delete(key);
      onStopped(active);
      return OK;
    }
    case 'pause': {
      if (!active || active.pausedAtMs !== null) {
        return refusal(
          NOT_RECORDING,
          'No recording in progress',
          'There is no running recording to pause.',
        );
      }
      active.pausedAtMs = Date.now();
      return OK;
    }
    case 'resume': {
      if (!active || active.pausedAtMs === null) {
        return refusal(
          NOT_RECORDING,
          'No recording paused',
          'There is no paused recording to resume.',
        );
      }
      active.pausedMs += Date.now() - active.pausedAtMs;
      active.pausedAtMs = null;
      return OK;
    }
  }
}

/** What a stopped recording lasted, pauses excluded, and when it started and ended. */
function timing(recording: SimActiveRecording): Partial<SimRecording> {
  const now = Date.now();
  const paused =
    recording.pausedMs + (recording.pausedAtMs === null ? 0 : now - recording.pausedAtMs);
  return {
    recording_started_at: new Date(recording.startedAtMs).toISOString().replace('Z', '000Z'),
    recording_ended_at: new Date(now).toISOString().replace('Z', '000Z'),
    duration_millis: Math.max(0, now - recording.startedAtMs - paused),
    channels: recording.channels,
  };
}

/** POST /conferences/{id}/actions/record_<verb>: a live (not completed) conference records. */
export function conferenceCommand(verb: Verb) {
  return (context: RouteContext): SimResponse => {
    const conference = context.data.conferences.find((c) => c.id === context.params[0]);
    if (!conference) {
      return {
        status: 404,
        body: {
          errors: [
            {
              code: '90058',
              title: 'Invalid conference_id',
              detail: 'The conference does not exist.',
            },
          ],
        },
      };
    }
    if (conference.status === 'completed') {
      return refusal(
        '90019',
        'Conference has already ended',
        "This conference is no longer active and can't receive commands.",
      );
    }
    return apply(context, `conference:${conference.id}`, verb, false, (stopped) => {
      context.recordingStopped(
        {
          ...timing(stopped),
          source: 'conference',
          conference_id: conference.id,
          call_leg_id: null,
          call_session_id: null,
          connection_id: conference.connection_id,
          initiated_by: 'StartConferenceRecordingAPI',
          sip_call_id: undefined,
        },
        stopped.format,
      );
    });
  };
}

/** POST /calls/{call_control_id}/actions/record_<verb>: an active call records. */
export function callCommand(verb: Verb) {
  return (context: RouteContext): SimResponse => {
    const call = context.data.calls.find((c) => c.call_control_id === context.params[0]);
    if (!call) {
      return refusal(
        '90015',
        'Invalid Call Control ID',
        'The call_control_id provided was not valid.',
        '/call_control_id',
      );
    }
    if (call.state !== 'active') {
      return refusal(
        '90018',
        'Call has already ended',
        "This call is no longer active and can't receive commands.",
      );
    }
    return apply(context, `call:${call.call_control_id}`, verb, true, (stopped) => {
      context.recordingStopped(
        {
          ...timing(stopped),
          source: 'call',
          conference_id: null,
          call_leg_id: call.call_leg_id,
          call_session_id: call.call_session_id,
          call_control_id: call.call_control_id,
          connection_id: call.connection_id,
          initiated_by: 'StartCallRecordingAPI',
          sip_call_id: sipCallIdOf(call.call_leg_id),
        },
        stopped.format,
      );
    });
  };
}
