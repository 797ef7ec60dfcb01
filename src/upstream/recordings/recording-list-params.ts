import type { RecordingListQuery } from '../recordings-api';

/** The upstream's bracketed query parameter for each filter, and the argument it came from. */
const FILTER_PARAMETERS = [
  ['conferenceId', 'filter[conference_id]'],
  ['callLegId', 'filter[call_leg_id]'],
  ['callSessionId', 'filter[call_session_id]'],
  ['callControlId', 'filter[call_control_id]'],
  ['connectionId', 'filter[connection_id]'],
  ['from', 'filter[from]'],
  ['to', 'filter[to]'],
] as const;

/** For a 400/422 naming a parameter: the GraphQL argument it came from. */
export const RECORDING_LIST_ARGUMENTS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    FILTER_PARAMETERS.map(([field, parameter]) => [parameter, `filter.${field}`]),
  ),
  'filter[created_at][gte]': 'filter.createdAfter',
  'filter[created_at][lte]': 'filter.createdBefore',
};

/** The upstream's query parameters for GET /recordings; timestamps at full precision. */
export function recordingListParams(query: RecordingListQuery): URLSearchParams {
  const params = new URLSearchParams();
  const { filter } = query;
  for (const [field, parameter] of FILTER_PARAMETERS) {
    const value = filter[field];
    if (value !== undefined) params.set(parameter, value);
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
