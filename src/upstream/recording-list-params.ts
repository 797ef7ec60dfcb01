import type { RecordingListQuery } from './recordings-api';

/** The upstream's bracketed query parameters for GET /recordings. */
export function recordingListParams(query: RecordingListQuery): URLSearchParams {
  const params = new URLSearchParams();
  const { filter } = query;
  if (filter.conferenceId !== undefined) params.set('filter[conference_id]', filter.conferenceId);
  if (filter.callLegId !== undefined) params.set('filter[call_leg_id]', filter.callLegId);
  if (filter.callSessionId !== undefined) {
    params.set('filter[call_session_id]', filter.callSessionId);
  }
  if (filter.createdAfter !== undefined) {
    params.set('filter[created_at][gte]', filter.createdAfter.toISOString());
  }
  if (filter.createdBefore !== undefined) {
    params.set('filter[created_at][lte]', filter.createdBefore.toISOString());
  }
  params.set('page[number]', String(query.pageNumber));
  params.set('page[size]', String(query.pageSize));
  return params;
}
