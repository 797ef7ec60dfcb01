import type { RecordingCommand, StartRecordingOptions } from '../../domain/recording-control';
import { sendCommand, startRecordingBody } from '../commands/recording-command';
import type { UpstreamSession } from '../upstream-session';
import { conferencePath } from './conferences-endpoint';

/**
 * A conference's recording commands (`POST /conferences/{id}/actions/record_*`). False when the
 * provider does not know the conference. After a stop the conference's recordings change: this
 * credential's cached lists (and the conference) are dropped, so the next read is fresh.
 */
export async function controlConferenceRecording(
  session: UpstreamSession,
  conferenceId: string,
  command: RecordingCommand,
  options?: StartRecordingOptions,
): Promise<boolean> {
  const action = `record_${command}`;
  const done = await sendCommand(session, {
    route: `/conferences/{id}/actions/${action}`,
    path: `${conferencePath(conferenceId)}/actions/${action}`,
    body: command === 'start' && options ? startRecordingBody(options, false) : {},
  });
  if (done && command === 'stop') {
    await session.cache?.evictEach('conference', [conferencePath(conferenceId)]);
  }
  return done;
}
