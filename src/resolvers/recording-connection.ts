import type { Recording } from '../domain/recording';
import type { RecordingFilter } from '../domain/recording-filter';
import type { Loaders } from '../loaders/create-loaders';
import type { ConnectionArgs } from '../schema/connection.args';
import type { Connection } from '../schema/connection.type';
import { connectionWindow, toConnection } from './connection-window';

/** The one way every `recordings` field answers: window from args, slice from loaders, edges. */
export async function resolveRecordingConnection(
  loaders: Loaders,
  filter: RecordingFilter,
  args: ConnectionArgs,
): Promise<Connection<Recording>> {
  const { offset, limit } = connectionWindow(args);
  return toConnection(await loaders.recordingWindow.load({ filter, offset, limit }));
}
