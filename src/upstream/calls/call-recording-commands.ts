import type { RecordingCommand, StartRecordingOptions } from '../../domain/recording-control';
import { sendCommand, startRecordingBody } from '../commands/recording-command';
import type { UpstreamSession } from '../upstream-session';

/**
 * A live call's recording commands (`POST /calls/{call_control_id}/actions/record_*`). The
 * provider refuses an unknown or ended call with a 422 (90015, 90018), which the transport turns
 * into BAD_USER_INPUT; false only for a bare "not found". A stop drops this credential's cached
 * lists: the call's new recording must show on the next read.
 */
export async function controlCallRecording(
  session: UpstreamSession,
  callControlId: string,
  command: RecordingCommand,
  options?: StartRecordingOptions,
): Promise<boolean> {
  const action = `record_${command}`;
  const done = await sendCommand(session, {
    route: `/calls/{call_control_id}/actions/${action}`,
    path: `/calls/${encodeURIComponent(callControlId)}/actions/${action}`,
    body: command === 'start' && options ? startRecordingBody(options, true) : {},
  });
  if (done && command === 'stop') await session.cache?.evictEach('list', []);
  return done;
}
