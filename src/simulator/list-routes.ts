import type { SimulatorDrift } from './drift';
import { sortKey } from './new-recording';
import type { SimRecording } from './sim-records';
import { invalidParameter, type RouteContext, type SimResponse } from './sim-response';

// The provider's list endpoints: paging (numbered or cursor-style meta) and filters, as the
// provider answers them, drift switches included.

const MAX_PAGE_SIZE = 250;

function readPositiveInt(query: URLSearchParams, name: string, fallback: number, max: number) {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) return invalidParameter(name, `${name} must be a positive integer.`);
  const value = Number(raw);
  if (value < 1 || value > max) {
    return invalidParameter(name, `${name} must be between 1 and ${max}.`);
  }
  return value;
}

export function paged(
  items: readonly unknown[],
  query: URLSearchParams,
  drift: SimulatorDrift,
): SimResponse {
  const pageNumber = readPositiveInt(query, 'page[number]', 1, Number.MAX_SAFE_INTEGER);
  if (typeof pageNumber !== 'number') return pageNumber;
  const asked = readPositiveInt(query, 'page[size]', 20, MAX_PAGE_SIZE);
  if (typeof asked !== 'number') return asked;
  // A provider that quietly serves smaller pages than asked, and says so in meta.
  const pageSize = Math.min(asked, drift.pageSizeCap ?? asked);
  const start = (pageNumber - 1) * pageSize;
  const data = items.slice(start, start + pageSize);
  if (drift.cursorMeta) {
    const more = start + pageSize < items.length;
    return {
      status: 200,
      body: {
        data,
        meta: {
          cursors: {
            after: more ? `p${pageNumber + 1}` : null,
            before: pageNumber > 1 ? `p${pageNumber - 1}` : null,
          },
          next: more ? `/v2/?page[number]=${pageNumber + 1}` : null,
          previous: pageNumber > 1 ? `/v2/?page[number]=${pageNumber - 1}` : null,
        },
      },
    };
  }
  return {
    status: 200,
    body: {
      data,
      meta: {
        page_number: pageNumber,
        page_size: pageSize,
        total_pages: Math.ceil(items.length / pageSize),
        ...(drift.omitTotalResults ? {} : { total_results: items.length }),
      },
    },
  };
}

/**
 * A time filter's bound, comparable with `timeKey` of a row's timestamp: to the microsecond, or
 * only to the millisecond when the drift switch says the provider compares coarsely.
 */
function readTimestamp(
  query: URLSearchParams,
  name: string,
  drift: SimulatorDrift,
): string | SimResponse | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const value = Date.parse(raw);
  if (Number.isNaN(value)) return invalidParameter(name, `${name} must be an ISO 8601 date.`);
  return timeKey(raw, drift);
}

function timeKey(iso: string, drift: SimulatorDrift): string {
  const key = sortKey(iso);
  return drift.millisecondTimeFilters ? key.slice(0, 16) : key;
}

/** The list's inclusive time filters: the parameter and the recording field it bounds. */
const TIME_FILTERS = [
  ['filter[created_at][gte]', 'created_at', 1],
  ['filter[created_at][lte]', 'created_at', -1],
  ['filter[start_time][gte]', 'recording_started_at', 1],
  ['filter[start_time][lte]', 'recording_started_at', -1],
  ['filter[end_time][gte]', 'recording_ended_at', 1],
  ['filter[end_time][lte]', 'recording_ended_at', -1],
] as const;

export function listRecordings({ query, data, drift }: RouteContext): SimResponse {
  const bounds: [keyof SimRecording, 1 | -1, string][] = [];
  for (const [parameter, field, direction] of TIME_FILTERS) {
    const bound = readTimestamp(query, parameter, drift);
    if (typeof bound === 'object') return bound;
    if (bound !== undefined) bounds.push([field, direction, bound]);
  }
  const region = query.get('filter[conference_region]');
  const inRegion =
    region === null
      ? null
      : new Set(data.conferences.filter((c) => c.region === region).map((c) => c.id));
  const equals: [string, keyof SimRecording][] = [
    ['filter[conference_id]', 'conference_id'],
    ['filter[call_leg_id]', 'call_leg_id'],
    ['filter[call_session_id]', 'call_session_id'],
    ['filter[call_control_id]', 'call_control_id'],
    ['filter[connection_id]', 'connection_id'],
    ['filter[from]', 'from'],
    ['filter[to]', 'to'],
    ['filter[sip_call_id]', 'sip_call_id'],
  ];
  const matches = data.recordings.filter((recording) => {
    for (const [parameter, field] of equals) {
      const wanted = query.get(parameter);
      if (wanted !== null && recording[field] !== wanted) return false;
    }
    if (inRegion && !(recording.conference_id !== null && inRegion.has(recording.conference_id))) {
      return false;
    }
    return bounds.every(([field, direction, bound]) => {
      const value = recording[field];
      if (typeof value !== 'string') return false;
      const key = timeKey(value, drift);
      return direction === 1 ? key >= bound : key <= bound;
    });
  });
  return paged(matches.map(recordingOnWire), query, drift);
}

export function listTranscriptions({ query, data, drift }: RouteContext): SimResponse {
  // Older API versions declared no filters on this list: the switch makes it ignore them.
  const filtered = !drift.transcriptionFiltersIgnored;
  const after = filtered ? readTimestamp(query, 'filter[created_at][gte]', drift) : undefined;
  if (typeof after === 'object') return after;
  const before = filtered ? readTimestamp(query, 'filter[created_at][lte]', drift) : undefined;
  if (typeof before === 'object') return before;
  const recordingId = filtered ? query.get('filter[recording_id]') : null;
  const matches = data.transcriptions.filter((transcription) => {
    const createdAt = timeKey(transcription.created_at, drift);
    return (
      (recordingId === null || transcription.recording_id === recordingId) &&
      (after === undefined || createdAt >= after) &&
      (before === undefined || createdAt <= before)
    );
  });
  // Some API versions page this list with cursor-style meta.
  const style = drift.transcriptionCursorMeta ? { ...drift, cursorMeta: true } : drift;
  return paged(matches, query, style);
}

/**
 * A recording as the provider sends it: an id it does not have (a call recording's
 * conference_id, say) is left out, never `null`: the spec types them as plain strings.
 */
export function recordingOnWire(recording: SimRecording): Partial<SimRecording> {
  const { conference_id, call_leg_id, call_session_id, ...rest } = recording;
  return {
    ...rest,
    ...(conference_id === null ? {} : { conference_id }),
    ...(call_leg_id === null ? {} : { call_leg_id }),
    ...(call_session_id === null ? {} : { call_session_id }),
  };
}
