import type { Page } from '../../domain/page';
import { ConferenceStatus, isEnded, type Conference } from '../../domain/conference';
import type { ConferenceFilter } from '../../domain/conference-filter';
import { readListPage, withPage } from '../pages/list-request';
import type { ListQuery, RecordingsApi } from '../recordings-api';
import { itemTtlSeconds, strictItem } from '../resource-bodies';
import type { UpstreamSession } from '../upstream-session';
import { conferenceFromWire } from './conference-wire';

const WIRE_STATUS: Readonly<Record<NonNullable<ConferenceFilter['status']>, string>> = {
  [ConferenceStatus.INIT]: 'init',
  [ConferenceStatus.IN_PROGRESS]: 'in_progress',
  [ConferenceStatus.COMPLETED]: 'completed',
};

export const conferencePath = (id: string) => `/conferences/${encodeURIComponent(id)}`;

/** The upstream's query string for GET /conferences. */
export function conferenceListPath(query: ListQuery<ConferenceFilter>): string {
  const params = new URLSearchParams();
  if (query.filter.name !== undefined) params.set('filter[name]', query.filter.name);
  if (query.filter.status !== undefined) {
    params.set('filter[status]', WIRE_STATUS[query.filter.status]);
  }
  return `/conferences?${withPage(params, query.pageNumber, query.pageSize)}`;
}

/** Conferences through one request's session (a class, as RecordingsEndpoint, for the same reason). */
export class ConferencesEndpoint implements Pick<
  RecordingsApi,
  'getConference' | 'listConferences'
> {
  // An ended conference is final; a running one changes.
  private readonly ttlOf = (conference: Conference): number =>
    itemTtlSeconds(this.session, isEnded(conference));

  private readonly readOne = (text: string): Conference =>
    strictItem(text, 'conference', this.session, conferenceFromWire);

  constructor(private readonly session: UpstreamSession) {}

  getConference(id: string): Promise<Conference | null> {
    return this.session.cachedGet(
      'conference',
      {
        method: 'GET',
        route: '/conferences/{id}',
        path: conferencePath(id),
        read: this.readOne,
      },
      this.ttlOf,
    );
  }

  listConferences(query: ListQuery<ConferenceFilter>): Promise<Page<Conference>> {
    return readListPage(this.session, {
      resource: 'conference',
      route: '/conferences',
      path: conferenceListPath(query),
      decodeRow: conferenceFromWire,
      parameters: { 'filter[name]': 'filter.name', 'filter[status]': 'filter.status' },
    });
  }
}
