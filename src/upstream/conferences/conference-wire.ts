import { ConferenceEndReason, ConferenceStatus, type Conference } from '../../domain/conference';
import type { Row } from '../../domain/page';
import { brokenRow } from '../decode/broken-row';
import type { DriftObserver } from '../decode/drift-observer';
import { RowReader, isWireObject } from '../decode/row-reader';

const STATUS: Readonly<Record<string, ConferenceStatus>> = {
  init: ConferenceStatus.INIT,
  in_progress: ConferenceStatus.IN_PROGRESS,
  completed: ConferenceStatus.COMPLETED,
};
const END_REASON: Readonly<Record<string, ConferenceEndReason>> = {
  all_left: ConferenceEndReason.ALL_LEFT,
  ended_via_api: ConferenceEndReason.ENDED_VIA_API,
  host_left: ConferenceEndReason.HOST_LEFT,
  time_exceeded: ConferenceEndReason.TIME_EXCEEDED,
};

/** One conference from the wire; only `id` is needed. */
export function conferenceFromWire(wire: unknown, observer: DriftObserver): Row<Conference> {
  if (!isWireObject(wire))
    return brokenRow('conference', undefined, 'data', 'not an object', observer);
  const row = new RowReader('conference', wire, observer);
  const id = row.id('id');
  if (id === null) return brokenRow('conference', undefined, 'id', 'missing', observer);
  return {
    id,
    name: row.string('name'),
    status: row.enumeration('status', STATUS, ConferenceStatus.UNKNOWN),
    region: row.string('region'),
    createdAt: row.timestamp('created_at'),
    updatedAt: row.timestamp('updated_at'),
    expiresAt: row.timestamp('expires_at'),
    endReason: row.enumeration('end_reason', END_REASON, ConferenceEndReason.UNKNOWN),
    connectionId: row.id('connection_id'),
  };
}
