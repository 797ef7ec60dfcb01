import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator-server';
import {
  contract,
  declaresStatus,
  operationKey,
  responseSchema,
  violations,
} from './support/provider-contract';

const KEY = 'contract-sim-key';

/** One request to the simulator as a client of the provider would send it. */
async function call(
  simulator: RunningSimulator,
  method: string,
  path: string,
  body?: unknown,
  key = KEY,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(`/v2${path}`, simulator.baseUrl), {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

/** The validator's verdict on one answer, against the spec's schema for its route and status. */
function conformance(method: string, path: string, answer: { status: number; body: unknown }) {
  const operation = operationKey(method, path.split('?')[0] ?? path);
  if (operation === null) return [`${method} ${path} is not a route of the spec`];
  if (!declaresStatus(operation, answer.status)) {
    return [`${operation} answered ${answer.status}, which the spec does not declare`];
  }
  const schema = responseSchema(operation, answer.status);
  return schema ? violations(schema, answer.body) : [];
}

// The simulator stands for the provider in every other test: each of its answers must be one
// the provider's own OpenAPI description allows, checked by a real JSON Schema validator.
describe('the simulator against the provider spec', () => {
  let simulator: RunningSimulator;
  beforeAll(async () => {
    simulator = await startSimulator({ apiKeys: [KEY] });
  });
  afterAll(() => simulator.close());

  const requests = (): [string, string, unknown?][] => {
    const { recordings, conferences, transcriptions } = simulator.dataset;
    const recording = recordings[5]!;
    const conference = conferences[0]!;
    return [
      ['GET', '/recordings?page[size]=250'],
      ['GET', '/recordings?page[number]=2&page[size]=100'],
      ['GET', `/recordings?filter[conference_id]=${conference.id}`],
      ['GET', '/recordings?filter[created_at][gte]=2026-11-01T00:00:00Z'],
      ['GET', '/recordings?page[size]=0'],
      ['GET', `/recordings/${recording.id}`],
      ['GET', '/recordings/no-such-recording'],
      ['GET', '/recording_transcriptions?page[size]=250'],
      ['GET', `/recording_transcriptions/${transcriptions[0]!.id}`],
      ['GET', '/recording_transcriptions/no-such-transcription'],
      ['GET', '/conferences?page[size]=250'],
      ['GET', '/conferences?filter[status]=in_progress'],
      ['GET', `/conferences/${conference.id}`],
      ['GET', '/conferences/no-such-conference'],
      ['GET', `/conferences/${conference.id}/participants?page[size]=250`],
      ['GET', '/conferences/no-such-conference/participants'],
      ['DELETE', `/recording_transcriptions/${transcriptions[1]!.id}`],
      ['DELETE', '/recording_transcriptions/no-such-transcription'],
      ['DELETE', `/recordings/${recordings[7]!.id}`],
      ['DELETE', '/recordings/no-such-recording'],
      ['POST', '/recordings/actions/delete', { ids: [recordings[8]!.id] }],
      ['POST', '/recordings/actions/delete', { ids: ['no-such-recording'] }],
    ];
  };

  it('answers every route it serves as the spec describes', async () => {
    const findings: string[] = [];
    for (const [method, path, body] of requests()) {
      const answer = await call(simulator, method, path, body);
      findings.push(...conformance(method, path, answer).map((v) => `${method} ${path}: ${v}`));
    }
    expect(findings).toEqual([]);
  });

  it('answers the recording commands, and refuses them, as the spec describes', async () => {
    const { conferences, calls } = simulator.dataset;
    const live = conferences.find((c) => c.status === 'in_progress')!;
    const ended = conferences.find((c) => c.status === 'completed')!;
    const activeCall = calls.find((c) => c.state === 'active')!;
    const hungUp = calls.find((c) => c.state === 'ended')!;
    const conference = (verb: string, id = live.id) => `/conferences/${id}/actions/record_${verb}`;
    const onCall = (verb: string, id = activeCall.call_control_id) =>
      `/calls/${encodeURIComponent(id)}/actions/record_${verb}`;
    const steps: [string, unknown, number][] = [
      [conference('start'), { format: 'wav', channels: 'dual', play_beep: true }, 200],
      [conference('start'), { format: 'mp3' }, 422],
      [conference('pause'), {}, 200],
      [conference('resume'), {}, 200],
      [conference('stop'), {}, 200],
      [conference('stop'), {}, 422],
      [conference('start', ended.id), { format: 'mp3' }, 422],
      [conference('start', 'no-such-conference'), { format: 'mp3' }, 404],
      [onCall('start'), { format: 'mp3', channels: 'single', max_length: 60 }, 200],
      [onCall('pause'), {}, 200],
      [onCall('pause'), {}, 422],
      [onCall('resume'), {}, 200],
      [onCall('stop'), {}, 200],
      [onCall('start'), { format: 'ogg', channels: 'single' }, 422],
      [onCall('start', hungUp.call_control_id), { format: 'mp3', channels: 'single' }, 422],
      [onCall('start', 'v3:no-such-call'), { format: 'mp3', channels: 'single' }, 422],
    ];
    const findings: string[] = [];
    const statuses: number[] = [];
    for (const [path, body] of steps) {
      const answer = await call(simulator, 'POST', path, body);
      statuses.push(answer.status);
      findings.push(...conformance('POST', path, answer).map((v) => `POST ${path}: ${v}`));
    }
    expect(findings).toEqual([]);
    expect(statuses).toEqual(steps.map(([, , status]) => status));
  });

  it('refuses a missing key with the error envelope the spec describes', async () => {
    const answer = await call(simulator, 'GET', '/recordings', undefined, 'not-a-key');
    expect(answer.status).toBe(401);
    expect(conformance('GET', '/recordings', answer)).toEqual([]);
  });

  it('sends recording events the spec describes', async () => {
    const events: Record<string, unknown>[] = [];
    const receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        events.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    simulator.webhooks.target = new URL(
      `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`,
    );
    try {
      const conference = simulator.dataset.conferences[0]!;
      await simulator.saveRecording({ conference_id: conference.id, call_leg_id: null });
      const call = await simulator.saveRecording();
      await simulator.saveTranscription(call.id);
    } finally {
      simulator.webhooks.target = null;
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
    const schemaOf: Record<string, string> = {
      'conference.recording.saved': 'ConferenceRecordingSavedEvent',
      'call.recording.saved': 'CallRecordingSavedEvent',
      'call.recording.transcription.saved': 'callRecordingTranscriptionSavedEvent',
    };
    const verdicts = events.map((event) => {
      const type = String((event['data'] as Record<string, unknown>)['event_type']);
      const schema = contract.schemas[schemaOf[type] ?? ''];
      return [type, schema ? violations(schema, event) : ['no schema']];
    });
    expect(verdicts).toEqual([
      ['conference.recording.saved', []],
      ['call.recording.saved', []],
      ['call.recording.transcription.saved', []],
    ]);
  });
});
