import { z } from 'zod';
import type { LiveEvent } from './live-event';

const id = z.string().min(1).max(200);
const optionalId = id.nullish();

/** The provider's envelope; only what the gateway acts on is read, the rest may drift. */
const envelopeSchema = z.object({
  data: z.object({
    event_type: z.string().min(1).max(200),
    id,
    payload: z.record(z.string(), z.unknown()).nullish(),
  }),
});

const recordingPayload = z.object({
  recording_id: optionalId,
  call_leg_id: optionalId,
  conference_id: optionalId,
  call_session_id: optionalId,
});

const transcriptionPayload = z.object({
  recording_id: optionalId,
  recording_transcription_id: optionalId,
});

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
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) return null;
  const { event_type: type, id: eventId, payload } = envelope.data.data;
  if (RECORDING_EVENT_TYPES.has(type)) {
    const fields = recordingPayload.safeParse(payload ?? {});
    if (!fields.success) return null;
    const { recording_id, call_leg_id, conference_id, call_session_id } = fields.data;
    if (!recording_id && !call_leg_id) return { kind: 'unusable', type, eventId };
    return {
      kind: 'event',
      type,
      event: {
        kind: 'recording_saved',
        eventId,
        recordingId: recording_id ?? null,
        callLegId: call_leg_id ?? null,
        conferenceId: conference_id ?? null,
        callSessionId: call_session_id ?? null,
      },
    };
  }
  if (type === TRANSCRIPTION_EVENT_TYPE) {
    const fields = transcriptionPayload.safeParse(payload ?? {});
    if (!fields.success) return null;
    const { recording_id, recording_transcription_id } = fields.data;
    if (!recording_id && !recording_transcription_id) return { kind: 'unusable', type, eventId };
    return {
      kind: 'event',
      type,
      event: {
        kind: 'transcription_saved',
        eventId,
        recordingId: recording_id ?? null,
        transcriptionId: recording_transcription_id ?? null,
      },
    };
  }
  return { kind: 'ignored', type, eventId };
}
