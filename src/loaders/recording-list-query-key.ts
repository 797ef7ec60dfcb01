import type { RecordingListQuery } from '../upstream/recordings-api';

/** A canonical string for a list query, so equal queries built separately share a cache entry. */
export function recordingListQueryKey(query: RecordingListQuery): string {
  const { filter } = query;
  return JSON.stringify([
    filter.conferenceId ?? null,
    filter.callLegId ?? null,
    filter.callSessionId ?? null,
    filter.createdAfter?.toISOString() ?? null,
    filter.createdBefore?.toISOString() ?? null,
    query.pageNumber,
    query.pageSize,
  ]);
}
