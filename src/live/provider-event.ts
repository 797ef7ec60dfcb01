import { isWireObject, type WireObject } from '../upstream/decode/row-reader';
import type { LiveEvent } from './live-event';

// Read by hand rather than with a schema library: these few fields are all the gateway reads of
// a delivery, and zod alone held 3 MiB of every process's heap for them.

const MAX_ID_LENGTH = 200;

/** Not valid: the delivery is not one the gateway can read (answered 400). */
const INVALID = Symbol('invalid');

/** Characters counted as code points (an emoji is one), as the provider's limits count them. */
function codePoints(value: string): number {
  let count = 0;
  for (const _ of value) count += 1;
  return count;
}

/** An id of 1 to 200 characters. */
function idOf(value: unknown): string | typeof INVALID {
  if (typeof value !== 'string' || value.length === 0) return INVALID;
  return value.length <= MAX_ID_LENGTH || codePoints(value) <= MAX_ID_LENGTH ? value : INVALID;
}

/** An id, or null when absent. */
function optionalIdOf(value: unknown): string | null | typeof INVALID {
  return value === undefined || value === null ? null : idOf(value);
}

/** The named optional ids of a payload, or INVALID when any is of the wrong kind. */
function optionalIds<K extends string>(
  payload: WireObject,
  names: readonly K[],
): Record<K, string | null> | typeof INVALID {
  const ids = {} as Record<K, string | null>;
  for (const name of names) {
    const value = optionalIdOf(payload[name]);
    if (value === INVALID) return INVALID;
    ids[name] = value;
  }
  return ids;
}

const RECORDING_FIELDS = [
  'recording_id',
  'call_leg_id',
  'conference_id',
  'call_session_id',
] as const;
const TRANSCRIPTION_FIELDS = ['recording_id', 'recording_transcription_id'] as const;

/** A delivery the gateway understood: an event to act on, or another type to ignore. */
export type ParsedDelivery =
  | { readonly kind: 'event'; readonly type: string; readonly event: LiveEvent }
  | { readonly kind: 'ignored'; readonly type: string; readonly eventId: string }
  | { readonly kind: 'unusable'; readonly type: string; readonly eventId: string };

/** Event types this gateway acts on. */
export const RECORDING_EVENT_TYPES = new Set([
  'call.recording.saved',
  'conference.recording.saved',
]);
export const TRANSCRIPTION_EVENT_TYPE = 'call.recording.transcription.saved';

/**
 * Reads a verified delivery. Null when the body is not the provider's envelope (a 400). An event
 * of a type the gateway acts on whose payload names nothing it can find is `unusable`: answered
 * 200 (a retry would not help) and counted.
 */
export function parseProviderEvent(body: unknown): ParsedDelivery | null {
  // The provider's envelope; only what the gateway acts on is read, the rest may drift.
  const data = isWireObject(body) ? body['data'] : undefined;
  if (!isWireObject(data)) return null;
  const type = idOf(data['event_type']);
  const eventId = idOf(data['id']);
  const given = data['payload'];
  if (type === INVALID || eventId === INVALID) return null;
  if (given !== undefined && given !== null && !isWireObject(given)) return null;
  const payload = given ?? {};
  if (RECORDING_EVENT_TYPES.has(type)) {
    const fields = optionalIds(payload, RECORDING_FIELDS);
    if (fields === INVALID) return null;
    const { recording_id, call_leg_id, conference_id, call_session_id } = fields;
    if (!recording_id && !call_leg_id) return { kind: 'unusable', type, eventId };
    return {
      kind: 'event',
      type,
      event: {
        kind: 'recording_saved',
        eventId,
        recordingId: recording_id,
        callLegId: call_leg_id,
        conferenceId: conference_id,
        callSessionId: call_session_id,
      },
    };
  }
  if (type === TRANSCRIPTION_EVENT_TYPE) {
    const fields = optionalIds(payload, TRANSCRIPTION_FIELDS);
    if (fields === INVALID) return null;
    const { recording_id, recording_transcription_id } = fields;
    if (!recording_id && !recording_transcription_id) return { kind: 'unusable', type, eventId };
    return {
      kind: 'event',
      type,
      event: {
        kind: 'transcription_saved',
        eventId,
        recordingId: recording_id,
        transcriptionId: recording_transcription_id,
      },
    };
  }
  return { kind: 'ignored', type, eventId };
}
