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
  ['sipCallId', 'filter[sip_call_id]'],
  ['conferenceRegion', 'filter[conference_region]'],
] as const;

/** Inclusive time bounds: the argument, and the provider's parameter. */
const TIME_PARAMETERS = [
  ['createdAfter', 'filter[created_at][gte]'],
  ['createdBefore', 'filter[created_at][lte]'],
  ['startedAfter', 'filter[start_time][gte]'],
  ['startedBefore', 'filter[start_time][lte]'],
  ['endedAfter', 'filter[end_time][gte]'],
  ['endedBefore', 'filter[end_time][lte]'],
] as const;

/** For a 400/422 naming a parameter: the GraphQL argument it came from. */
export const RECORDING_LIST_ARGUMENTS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    FILTER_PARAMETERS.map(([field, parameter]) => [parameter, `filter.${field}`]),
  ),
  ...Object.fromEntries(
    TIME_PARAMETERS.map(([field, parameter]) => [parameter, `filter.${field}`]),
  ),
};

/** The upstream's query parameters for GET /recordings; timestamps at full precision. */
export function recordingListParams(query: RecordingListQuery): URLSearchParams {
  const params = new URLSearchParams();
  const { filter } = query;
  for (const [field, parameter] of FILTER_PARAMETERS) {
    const value = filter[field];
    if (value !== undefined) params.set(parameter, value);
  }
  for (const [field, parameter] of TIME_PARAMETERS) {
    const value = filter[field];
    if (value !== undefined) params.set(parameter, value.toISOString());
  }
  params.set('page[number]', String(query.pageNumber));
  params.set('page[size]', String(query.pageSize));
  return params;
}
