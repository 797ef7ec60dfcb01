import { z } from 'zod';

// The wire format, checked at the boundary. Objects are not strict: newer API versions add fields
// (call_control_id, from, to, ...) and we ignore what we do not know.

const timestamp = z.iso.datetime({ offset: true });
const nullableId = z.string().min(1).nullable().optional();

export const wireRecordingSchema = z.object({
  record_type: z.literal('recording').optional(),
  id: z.string().min(1),
  created_at: timestamp,
  updated_at: timestamp,
  recording_started_at: timestamp,
  recording_ended_at: timestamp,
  duration_millis: z.number().int().nonnegative(),
  status: z.enum(['completed']),
  channels: z.enum(['single', 'dual']),
  source: z.enum(['conference', 'call']),
  conference_id: nullableId,
  call_leg_id: nullableId,
  call_session_id: nullableId,
  download_urls: z.object({
    mp3: z.string().nullable().optional(),
    wav: z.string().nullable().optional(),
  }),
});
export type WireRecording = z.infer<typeof wireRecordingSchema>;

export const wireConferenceSchema = z.object({
  record_type: z.literal('conference').optional(),
  id: z.string().min(1),
  name: z.string(),
  created_at: timestamp,
  expires_at: timestamp,
  updated_at: timestamp.nullable().optional(),
  region: z.string().nullable().optional(),
  status: z.enum(['init', 'in_progress', 'completed']).nullable().optional(),
  end_reason: z
    .enum(['all_left', 'ended_via_api', 'host_left', 'time_exceeded'])
    .nullable()
    .optional(),
});
export type WireConference = z.infer<typeof wireConferenceSchema>;

export const wirePageMetaSchema = z.object({
  page_number: z.number().int().positive(),
  page_size: z.number().int().positive(),
  total_pages: z.number().int().nonnegative(),
  total_results: z.number().int().nonnegative(),
});
export type WirePageMeta = z.infer<typeof wirePageMetaSchema>;

export function oneEnvelope<T extends z.ZodType>(item: T) {
  return z.object({ data: item });
}

export function listEnvelope<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), meta: wirePageMetaSchema });
}
