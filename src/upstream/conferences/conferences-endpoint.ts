import { ConferenceStatus, isEnded, type Conference } from '../../domain/conference';
import type { ConferenceFilter } from '../../domain/conference-filter';
import { isWireObject } from '../decode/row-reader';
import { readListPage, withPage } from '../pages/list-request';
import type { ListQuery, RecordingsApi } from '../recordings-api';
import { parseJson } from '../transport/upstream-transport';
import { itemOrThrow, type UpstreamSession } from '../upstream-session';
import { conferenceFromWire } from './conference-wire';

const WIRE_STATUS: Readonly<Record<NonNullable<ConferenceFilter['status']>, string>> = {
  [ConferenceStatus.INIT]: 'init',
  [ConferenceStatus.IN_PROGRESS]: 'in_progress',
  [ConferenceStatus.COMPLETED]: 'completed',
};

/** The upstream's query string for GET /conferences. */
export function conferenceListPath(query: ListQuery<ConferenceFilter>): string {
  const params = new URLSearchParams();
  if (query.filter.name !== undefined) params.set('filter[name]', query.filter.name);
  if (query.filter.status !== undefined) {
    params.set('filter[status]', WIRE_STATUS[query.filter.status]);
  }
  return `/conferences?${withPage(params, query.pageNumber, query.pageSize)}`;
}

/** Conferences through one request's session. */
export function conferencesEndpoint(
  session: UpstreamSession,
): Pick<RecordingsApi, 'getConference' | 'listConferences'> {
  const { drift, ttls } = session;
  return {
    getConference: (id) =>
      session.cachedGet(
        'conference',
        {
          method: 'GET',
          route: '/conferences/{id}',
          path: `/conferences/${encodeURIComponent(id)}`,
          read: (text) => {
            const body = parseJson(text, 'conference');
            return itemOrThrow(
              conferenceFromWire(isWireObject(body) ? body['data'] : undefined, drift),
            );
          },
        },
        // An ended conference is final; a running one changes.
        (conference: Conference) =>
          isEnded(conference) ? ttls.immutableTtlSeconds : ttls.mutableTtlSeconds,
      ),

    listConferences: (query) =>
      readListPage(session, {
        resource: 'conference',
        route: '/conferences',
        path: conferenceListPath(query),
        decodeRow: conferenceFromWire,
        parameters: { 'filter[name]': 'filter.name', 'filter[status]': 'filter.status' },
      }),
  };
}
