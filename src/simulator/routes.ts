import type { SimulatorDrift } from './drift';
import { sortKey } from './new-recording';
import { callCommand, conferenceCommand } from './recording-commands';
import type { SimDataset, SimParticipant, SimRecording } from './sim-records';

// The provider's REST surface: one handler per route, answering from the in-memory dataset.

export interface SimResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RouteContext {
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly data: SimDataset;
  readonly drift: SimulatorDrift;
  /**
   * A recording command stopped a recording: it is saved (listed at once) and announced by
   * the `*.recording.saved` webhook, sent after the answer.
   */
  readonly recordingStopped: (
    overrides: Partial<SimRecording>,
    format: 'mp3' | 'wav',
  ) => SimRecording;
}

export interface Route {
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
  readonly handle: (context: RouteContext) => SimResponse;
}

const MAX_PAGE_SIZE = 250;

export function errorResponse(
  status: number,
  code: string,
  title: string,
  detail: string,
  source?: Record<string, string>,
): SimResponse {
  return { status, body: { errors: [{ code, title, detail, ...(source ? { source } : {}) }] } };
}

export function notFound(what: string): SimResponse {
  return errorResponse(404, '10005', 'Resource not found', `The requested ${what} was not found.`);
}

function invalidParameter(parameter: string, detail: string): SimResponse {
  return errorResponse(422, '10015', 'Invalid parameter', detail, { parameter });
}

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

function paged(
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

function listRecordings({ query, data, drift }: RouteContext): SimResponse {
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

function listTranscriptions({ query, data, drift }: RouteContext): SimResponse {
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

function findRecording(data: SimDataset, id: string | undefined): SimRecording | undefined {
  return data.recordings.find((recording) => recording.id === id);
}

function removeRecordings(data: SimDataset, ids: ReadonlySet<string>): void {
  for (let i = data.recordings.length - 1; i >= 0; i -= 1) {
    const recording = data.recordings[i];
    if (recording !== undefined && ids.has(recording.id)) data.recordings.splice(i, 1);
  }
}

const ID = '([^/]+)';
const VERBS = ['start', 'stop', 'pause', 'resume'] as const;
const routeTable: readonly Omit<Route, 'pattern'>[] = [
  ...VERBS.flatMap((verb) => [
    {
      method: 'POST',
      template: `/conferences/{id}/actions/record_${verb}`,
      handle: conferenceCommand(verb),
    },
    {
      method: 'POST',
      template: `/calls/{call_control_id}/actions/record_${verb}`,
      handle: callCommand(verb),
    },
  ]),
  { method: 'GET', template: '/recordings', handle: listRecordings },
  {
    method: 'POST',
    template: '/recordings/actions/delete',
    handle: ({ body, data, drift }) => {
      const ids = (body as { ids?: unknown } | null)?.ids;
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
        return invalidParameter('ids', 'ids must be an array of recording ids.');
      }
      const known = new Set(ids.filter((id) => findRecording(data, id)));
      if (known.size === 0) return notFound('recordings');
      removeRecordings(data, known);
      // API versions before 2026-03 answered 204 with no body.
      return drift.bulkDeleteAnswer === 'no_content'
        ? { status: 204, body: '' }
        : { status: 200, body: { status: 'ok' } };
    },
  },
  {
    method: 'GET',
    template: '/recordings/{id}',
    handle: ({ params, data }) => {
      const recording = findRecording(data, params[0]);
      return recording
        ? { status: 200, body: { data: recordingOnWire(recording) } }
        : notFound('recording');
    },
  },
  {
    method: 'DELETE',
    template: '/recordings/{id}',
    handle: ({ params, data, drift }) => {
      const recording = findRecording(data, params[0]);
      if (!recording) return notFound('recording');
      removeRecordings(data, new Set([recording.id]));
      if (drift.deleteAnswer === 'no_content') return { status: 204, body: '' };
      if (drift.deleteAnswer === 'garbage') return { status: 200, body: '{"data": {"id": ' };
      return { status: 200, body: { data: recordingOnWire(recording) } };
    },
  },
  {
    method: 'GET',
    template: '/conferences',
    handle: ({ query, data, drift }) => {
      const name = query.get('filter[name]');
      const status = query.get('filter[status]');
      const matches = data.conferences.filter(
        (conference) =>
          (name === null || conference.name.includes(name)) &&
          (status === null || conference.status === status),
      );
      return paged(matches, query, drift);
    },
  },
  {
    method: 'GET',
    template: '/conferences/{id}',
    handle: ({ params, data }) => {
      const conference = data.conferences.find((candidate) => candidate.id === params[0]);
      return conference ? { status: 200, body: { data: conference } } : notFound('conference');
    },
  },
  {
    method: 'GET',
    template: '/conferences/{id}/participants',
    handle: ({ params, query, data, drift }) => {
      if (!data.conferences.some((conference) => conference.id === params[0])) {
        return notFound('conference');
      }
      const flags: [string, (participant: SimParticipant) => boolean][] = [
        ['filter[muted]', (participant) => participant.muted],
        ['filter[on_hold]', (participant) => participant.on_hold],
        ['filter[whispering]', (participant) => participant.whisper_call_control_ids.length > 0],
      ];
      for (const [parameter] of flags) {
        const raw = query.get(parameter);
        if (raw !== null && raw !== 'true' && raw !== 'false') {
          return invalidParameter(parameter, `${parameter} must be true or false.`);
        }
      }
      return paged(
        data.participants.filter(
          (participant) =>
            participant.conference.id === params[0] &&
            flags.every(([parameter, value]) => {
              const raw = query.get(parameter);
              return raw === null || value(participant) === (raw === 'true');
            }),
        ),
        query,
        drift,
      );
    },
  },
  { method: 'GET', template: '/recording_transcriptions', handle: listTranscriptions },
  {
    method: 'GET',
    template: '/recording_transcriptions/{id}',
    handle: ({ params, data }) => {
      const transcription = data.transcriptions.find((candidate) => candidate.id === params[0]);
      return transcription
        ? { status: 200, body: { data: transcription } }
        : notFound('recording transcription');
    },
  },
  {
    method: 'DELETE',
    template: '/recording_transcriptions/{id}',
    handle: ({ params, data }) => {
      const index = data.transcriptions.findIndex((candidate) => candidate.id === params[0]);
      const [transcription] = index < 0 ? [] : data.transcriptions.splice(index, 1);
      return transcription
        ? { status: 200, body: { data: transcription } }
        : notFound('recording transcription');
    },
  },
];

export const routes: readonly Route[] = routeTable.map((route) => ({
  ...route,
  pattern: new RegExp(`^${route.template.replace(/\{[a-z_]+\}/g, ID)}$`),
}));
