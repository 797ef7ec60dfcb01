import type { Row } from '../../domain/page';
import { ParticipantStatus, type Participant } from '../../domain/participant';
import { brokenRow } from '../decode/broken-row';
import type { DriftObserver } from '../decode/drift-observer';
import { RowReader, isWireObject } from '../decode/row-reader';

const STATUS: Readonly<Record<string, ParticipantStatus>> = {
  joining: ParticipantStatus.JOINING,
  joined: ParticipantStatus.JOINED,
  left: ParticipantStatus.LEFT,
};

/**
 * One participant from the wire. The provider documents every field as always present and the
 * graph makes most of them non-null, so a row missing one fails alone (naming the field) rather
 * than being served with a made-up value.
 */
export function participantFromWire(wire: unknown, observer: DriftObserver): Row<Participant> {
  if (!isWireObject(wire))
    return brokenRow('participant', undefined, 'data', 'not an object', observer);
  const row = new RowReader('participant', wire, observer);
  const id = row.id('id');
  if (id === null) return brokenRow('participant', undefined, 'id', 'missing', observer);
  const missing = (field: string) => brokenRow('participant', id, field, 'missing', observer);
  const callLegId = row.id('call_leg_id');
  if (callLegId === null) return missing('call_leg_id');
  const callControlId = row.string('call_control_id');
  if (callControlId === null) return missing('call_control_id');
  const conference = row.object('conference');
  const conferenceId = conference?.id('id') ?? null;
  if (conference === null || conferenceId === null) return missing('conference.id');
  const status = row.enumeration('status', STATUS, ParticipantStatus.UNKNOWN);
  if (status === null) return missing('status');
  const flags = {
    muted: row.boolean('muted'),
    onHold: row.boolean('on_hold'),
    endConferenceOnExit: row.boolean('end_conference_on_exit'),
    softEndConferenceOnExit: row.boolean('soft_end_conference_on_exit'),
  };
  const wireNames: Readonly<Record<keyof typeof flags, string>> = {
    muted: 'muted',
    onHold: 'on_hold',
    endConferenceOnExit: 'end_conference_on_exit',
    softEndConferenceOnExit: 'soft_end_conference_on_exit',
  };
  for (const [field, value] of Object.entries(flags) as [keyof typeof flags, boolean | null][]) {
    if (value === null) return missing(wireNames[field]);
  }
  return {
    id,
    callLegId,
    callControlId,
    conference: { id: conferenceId, name: conference.string('name') },
    status,
    muted: flags.muted === true,
    onHold: flags.onHold === true,
    endConferenceOnExit: flags.endConferenceOnExit === true,
    softEndConferenceOnExit: flags.softEndConferenceOnExit === true,
    // Older rows without the list: nobody whispers to this participant.
    whisperCallControlIds: row.stringList('whisper_call_control_ids') ?? [],
    createdAt: row.timestamp('created_at'),
    updatedAt: row.timestamp('updated_at'),
  };
}
