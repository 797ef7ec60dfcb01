import { listRecordings, listTranscriptions, paged, recordingOnWire } from './list-routes';
import { callCommand, conferenceCommand } from './recording-commands';
import type { SimDataset, SimParticipant, SimRecording } from './sim-records';
import { invalidParameter, notFound, type Route } from './sim-response';

// The provider's REST surface: one handler per route, answering from the in-memory dataset.

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
