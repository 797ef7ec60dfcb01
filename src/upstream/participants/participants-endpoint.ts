import { readListPage, withPage } from '../pages/list-request';
import type { ListQuery, ParticipantListFilter, RecordingsApi } from '../recordings-api';
import type { UpstreamSession } from '../upstream-session';
import { participantFromWire } from './participant-wire';

const FILTER_PARAMETERS = [
  ['muted', 'filter[muted]'],
  ['onHold', 'filter[on_hold]'],
  ['whispering', 'filter[whispering]'],
] as const;

/** The upstream's path and query string for a conference's participants. */
export function participantListPath(query: ListQuery<ParticipantListFilter>): string {
  const params = new URLSearchParams();
  for (const [field, parameter] of FILTER_PARAMETERS) {
    const value = query.filter[field];
    if (value !== undefined) params.set(parameter, String(value));
  }
  const conference = encodeURIComponent(query.filter.conferenceId);
  return `/conferences/${conference}/participants?${withPage(params, query.pageNumber, query.pageSize)}`;
}

/** A conference's participants through one request's session. */
export function participantsEndpoint(
  session: UpstreamSession,
): Pick<RecordingsApi, 'listParticipants'> {
  return {
    listParticipants: (query) =>
      readListPage(session, {
        resource: 'participant',
        route: '/conferences/{id}/participants',
        path: participantListPath(query),
        decodeRow: participantFromWire,
        parameters: Object.fromEntries(
          FILTER_PARAMETERS.map(([field, parameter]) => [parameter, `filter.${field}`]),
        ),
      }),
  };
}
