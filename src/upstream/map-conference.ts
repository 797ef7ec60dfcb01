import { ConferenceEndReason, ConferenceStatus, type Conference } from '../domain/conference';
import type { WireConference } from './wire-schemas';

const statusFromWire: Record<NonNullable<WireConference['status']>, ConferenceStatus> = {
  init: ConferenceStatus.INIT,
  in_progress: ConferenceStatus.IN_PROGRESS,
  completed: ConferenceStatus.COMPLETED,
};
const endReasonFromWire: Record<NonNullable<WireConference['end_reason']>, ConferenceEndReason> = {
  all_left: ConferenceEndReason.ALL_LEFT,
  ended_via_api: ConferenceEndReason.ENDED_VIA_API,
  host_left: ConferenceEndReason.HOST_LEFT,
  time_exceeded: ConferenceEndReason.TIME_EXCEEDED,
};

export function conferenceFromWire(wire: WireConference): Conference {
  return {
    id: wire.id,
    name: wire.name,
    status: wire.status == null ? null : statusFromWire[wire.status],
    region: wire.region ?? null,
    createdAt: new Date(wire.created_at),
    updatedAt: wire.updated_at == null ? null : new Date(wire.updated_at),
    expiresAt: new Date(wire.expires_at),
    endReason: wire.end_reason == null ? null : endReasonFromWire[wire.end_reason],
  };
}
