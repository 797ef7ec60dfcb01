import type { ConferenceFilter } from '../domain/conference-filter';
import type { RecordingFilter } from '../domain/recording-filter';
import type { ParticipantListFilter, RecordingListQuery } from '../upstream/recordings-api';

/** A canonical string for a filter, so equal filters built separately share cache entries. */
export function recordingFilterKey(filter: RecordingFilter): string {
  return JSON.stringify([
    filter.conferenceId ?? null,
    filter.callLegId ?? null,
    filter.callSessionId ?? null,
    filter.callControlId ?? null,
    filter.connectionId ?? null,
    filter.from ?? null,
    filter.to ?? null,
    filter.createdAfter?.toISOString() ?? null,
    filter.createdBefore?.toISOString() ?? null,
    filter.sipCallId ?? null,
    filter.conferenceRegion ?? null,
    filter.startedAfter?.toISOString() ?? null,
    filter.startedBefore?.toISOString() ?? null,
    filter.endedAfter?.toISOString() ?? null,
    filter.endedBefore?.toISOString() ?? null,
  ]);
}

/** A canonical string for a list query (filter and page). */
export function recordingListQueryKey(query: RecordingListQuery): string {
  return `${recordingFilterKey(query.filter)}|${query.pageNumber}|${query.pageSize}`;
}

export function conferenceFilterKey(filter: ConferenceFilter): string {
  return JSON.stringify([filter.name ?? null, filter.status ?? null]);
}

export function participantFilterKey(filter: ParticipantListFilter): string {
  return JSON.stringify([
    filter.conferenceId,
    filter.muted ?? null,
    filter.onHold ?? null,
    filter.whispering ?? null,
  ]);
}
