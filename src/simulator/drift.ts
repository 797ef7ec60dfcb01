import { z } from 'zod';

/**
 * How the simulated provider drifts from its documentation, the way real APIs do. Switched on in
 * process (`simulator.drift`) or over HTTP (`POST /__admin/drift`); every switch is off by default.
 * Row-level drift (a new enum value, a missing field) is a patch of the data itself:
 * `simulator.patchRecording(id, { status: 'processing', download_urls: undefined })`.
 */
export const simulatorDriftSchema = z.object({
  /** Answer at most this many rows a page, whatever `page[size]` asked (meta says so). */
  pageSizeCap: z.number().int().positive().nullable().optional(),
  /** List answers carry cursor-style `meta`: `{cursors: {after, before}, next, previous}`. */
  cursorMeta: z.boolean().optional(),
  /** List answers leave `meta.total_results` out. */
  omitTotalResults: z.boolean().optional(),
  /** 404s come as a proxy's HTML page, not the provider's JSON error envelope. */
  htmlNotFound: z.boolean().optional(),
  /** A successful DELETE /recordings/{id} answers the recording (200), nothing (204) or junk. */
  deleteAnswer: z.enum(['recording', 'no_content', 'garbage']).optional(),
  /** POST /recordings/actions/delete answers `{"status": "ok"}` (200) or nothing (204). */
  bulkDeleteAnswer: z.enum(['ok', 'no_content']).optional(),
  /** GET /recording_transcriptions pages with cursor-style `meta` (some API versions do). */
  transcriptionCursorMeta: z.boolean().optional(),
  /** GET /recording_transcriptions ignores its filters (older API versions declared none). */
  transcriptionFiltersIgnored: z.boolean().optional(),
  /** `filter[created_at]` bounds compare to the millisecond, not the microsecond. */
  millisecondTimeFilters: z.boolean().optional(),
});

export type SimulatorDrift = z.infer<typeof simulatorDriftSchema>;

/** Applies a wire-level patch to a row: `undefined` removes the field, anything else sets it. */
export function patchRow(row: object, patch: Readonly<Record<string, unknown>>): void {
  const target = row as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) Reflect.deleteProperty(target, key);
    else target[key] = value;
  }
}
