import { randomUUID } from 'node:crypto';
import { RecordingChannels } from '../../domain/recording';
import { RecordingFormat, type StartRecordingOptions } from '../../domain/recording-control';
import { NOT_FOUND } from '../transport/upstream-transport';
import type { UpstreamSession } from '../upstream-session';

const FORMAT: Readonly<Record<RecordingFormat, string>> = {
  [RecordingFormat.MP3]: 'mp3',
  [RecordingFormat.WAV]: 'wav',
};
const CHANNELS: Readonly<Partial<Record<RecordingChannels, string>>> = {
  [RecordingChannels.SINGLE]: 'single',
  [RecordingChannels.DUAL]: 'dual',
};

/**
 * The body of a `record_start` (StartRecordingRequest / StartConferenceRecordingRequest): only
 * what was given, in the provider's words. A call's start requires `channels` (the spec lists it
 * as required there), so `channelsRequired` sends the provider's default when none was given.
 */
export function startRecordingBody(
  options: StartRecordingOptions,
  channelsRequired: boolean,
): Record<string, unknown> {
  const channels =
    options.channels === undefined
      ? channelsRequired
        ? 'single'
        : undefined
      : CHANNELS[options.channels];
  return {
    format: FORMAT[options.format],
    ...(channels === undefined ? {} : { channels }),
    ...(options.playBeep === undefined ? {} : { play_beep: options.playBeep }),
    ...(options.customFileName === undefined ? {} : { custom_file_name: options.customFileName }),
    ...(options.trimSilence ? { trim: 'trim-silence' } : {}),
    ...(options.maxLengthSeconds === undefined ? {} : { max_length: options.maxLengthSeconds }),
    ...(options.timeoutSeconds === undefined ? {} : { timeout_secs: options.timeoutSeconds }),
  };
}

export interface CommandRequest {
  /** Route template for logs and metrics, e.g. `/conferences/{id}/actions/record_stop`. */
  readonly route: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
}

/**
 * POSTs a command once. The scheduler retries a POST only when it provably was not sent
 * (refused connection, 429); `command_id`, the same for every attempt, makes even that safe
 * on the provider's side. Any 2xx means done (its `{"data":{"result":"ok"}}` is not needed);
 * false for the provider's "not found".
 */
export async function sendCommand(
  session: UpstreamSession,
  command: CommandRequest,
): Promise<boolean> {
  const answer = await session.send({
    method: 'POST',
    route: command.route,
    path: command.path,
    body: { ...command.body, command_id: randomUUID() },
    read: () => true,
    command: true,
  });
  return answer !== NOT_FOUND;
}
