import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { silentMp3, toneWav } from './audio-files';
import { patchRow, simulatorDriftSchema, type SimulatorDrift } from './drift';
import { RateLimitWindows, type SimulatorRateLimit } from './rate-limit';
import { breakContract, FaultSet, simulatorFaultSchema, type SimulatorFault } from './faults';
import { routes } from './routes';
import { errorResponse, notFound, type SimResponse } from './sim-response';
import { createSeedData, type SeedOptions } from './seed-data';
import { insertByCreatedAt, newRecording } from './new-recording';
import type { SimDataset, SimRecording, SimTranscription } from './sim-records';
import { WebhookSender } from './webhook-sender';

export type { SimulatorFault } from './faults';
export type { SimulatorDrift } from './drift';

export interface SimulatorOptions {
  /** Bearer tokens the simulated provider accepts. */
  readonly apiKeys: readonly string[];
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly seed?: SeedOptions;
  /** Fixed delay before every answer, standing for the network. */
  readonly latencyMs?: number;
  /** A per-key rate limit with the provider's headers and 429s; none by default. */
  readonly rateLimit?: SimulatorRateLimit;
  /** Most requests answered at once; beyond it, 503 (an overloaded provider). None by default. */
  readonly maxConcurrency?: number;
  /** Keep a log of every request (tests count calls); a long benchmark only needs counters. */
  readonly recordRequests?: boolean;
  /** Where signed webhooks go (also settable later: `simulator.webhooks.target`). */
  readonly webhookUrl?: URL | null;
  /** Save a new recording this often (a signed webhook follows); 0 or absent: never. */
  readonly newRecordingEveryMs?: number;
}

/** How `saveRecording` behaves beyond the row itself. */
export interface SaveOptions {
  /** A completed transcription follows, with its own event. */
  readonly transcribe?: boolean;
  /** The event leaves `recording_id` out, as some `call.recording.saved` events do. */
  readonly omitRecordingId?: boolean;
}

/** Counters kept whatever `recordRequests` says (GET /__admin/stats). */
export interface SimulatorStats {
  requests: number;
  byStatus: Record<string, number>;
  peakConcurrency: number;
}

/** One request the simulator answered, for tests that count upstream calls. */
export interface SimulatorRequest {
  readonly method: string;
  /** The route template, e.g. `GET /recordings/{id}`. */
  readonly route: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** 0 when the fault injected was a reset or a hang. */
  readonly status: number;
  /** The JSON body of a POST (null when none or not JSON). */
  readonly body?: unknown;
  /** The W3C trace context the caller sent, if any (tests follow a trace to the provider). */
  readonly traceparent?: string;
}

export interface RunningSimulator {
  /** Base URL including `/v2`, as UPSTREAM_URL expects it. */
  readonly baseUrl: URL;
  readonly dataset: SimDataset;
  readonly requests: readonly SimulatorRequest[];
  /** Most requests it was answering at once since the last clearRequests(). */
  readonly peakConcurrency: number;
  /** Counters since start or the last clearRequests(). */
  readonly stats: SimulatorStats;
  clearRequests(): void;
  /** Fault injection; also reachable over HTTP at /__admin/faults. */
  readonly faults: FaultSet;
  /** How the provider drifts from its documentation; also at /__admin/drift. Mutable. */
  readonly drift: SimulatorDrift;
  /** The provider stops accepting a key (401 from then on), or accepts it again. */
  revokeApiKey(key: string): void;
  restoreApiKey(key: string): void;
  /** Patches one recording's wire fields (`undefined` removes one): row-level drift. */
  patchRecording(id: string, patch: Readonly<Record<string, unknown>>): void;
  /**
   * A recording arrives: made now unless `created_at` is given, placed in the list by
   * `created_at` (newest first; after the recordings it ties with). Returns the stored row.
   */
  addRecording(overrides?: Partial<SimRecording>): SimRecording;
  /** A recording is saved: added, then announced by a signed webhook (delivered before it resolves). */
  saveRecording(overrides?: Partial<SimRecording>, options?: SaveOptions): Promise<SimRecording>;
  /** A recording's transcription is saved (completed) and announced. */
  saveTranscription(recordingId: string): Promise<SimTranscription>;
  /** The provider's webhook signing and delivery. */
  readonly webhooks: WebhookSender;
  close(): Promise<void>;
}

type Outcome =
  | ({ readonly kind: 'answer'; readonly route: string; readonly truncate?: boolean } & SimResponse)
  | { readonly kind: 'drop'; readonly route: string; readonly fault: 'reset' | 'hang' };

const ADMIN_FAULTS_PATH = '/__admin/faults';
const ADMIN_DRIFT_PATH = '/__admin/drift';
const ADMIN_STATS_PATH = '/__admin/stats';
const ADMIN_RECORDINGS_PATH = '/__admin/recordings';
const FILES_PATH = '/files/';
const AUDIO_SECONDS = 3;
const audio = { wav: toneWav(AUDIO_SECONDS, 440), mp3: silentMp3(AUDIO_SECONDS) };

/**
 * The files behind the pre-signed download URLs, as an object store serves them: no bearer key,
 * the signature in the query must be the one the provider issued, and a deleted recording's files
 * are gone.
 */
function serveFile(data: SimDataset, url: URL, response: ServerResponse): void {
  const match = /^\/files\/([^/]+)\.(mp3|wav)$/.exec(url.pathname);
  const id = match?.[1];
  const format = match?.[2] as 'mp3' | 'wav' | undefined;
  const recording = data.recordings.find((candidate) => candidate.id === id);
  const issued = format && recording ? recording.download_urls[format] : undefined;
  if (!format || !recording || !issued) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('NoSuchKey');
    return;
  }
  const signature = new URL(issued).searchParams.get('X-Amz-Signature');
  if (url.searchParams.get('X-Amz-Signature') !== signature) {
    response.writeHead(403, { 'content-type': 'text/plain' }).end('SignatureDoesNotMatch');
    return;
  }
  const body = audio[format];
  response
    .writeHead(200, {
      'content-type': format === 'wav' ? 'audio/wav' : 'audio/mpeg',
      'content-length': body.length,
      'accept-ranges': 'none',
      'cache-control': 'private, max-age=600',
    })
    .end(body);
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return null;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

function authorized(request: IncomingMessage, apiKeys: ReadonlySet<string>): boolean {
  const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
  return match?.[1] !== undefined && apiKeys.has(match[1]);
}

function send(response: ServerResponse, answer: SimResponse, truncate = false): void {
  const full = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  const body = truncate ? full.slice(0, Math.floor(full.length / 2)) : full;
  response.writeHead(answer.status, {
    ...(answer.status === 204 ? {} : { 'content-type': 'application/json' }),
    'content-length': Buffer.byteLength(body),
    ...answer.headers,
  });
  response.end(body);
}

const HTML_NOT_FOUND: SimResponse = {
  status: 404,
  body: '<html><head><title>404 Not Found</title></head><body>nginx</body></html>',
  headers: { 'content-type': 'text/html' },
};

function faultAnswer(fault: SimulatorFault): SimResponse | null {
  switch (fault.kind) {
    case 'status': {
      const status = fault.status ?? 503;
      const seconds = fault.retryAfterSeconds;
      const headers =
        seconds === undefined
          ? undefined
          : {
              'retry-after': fault.retryAfterDate
                ? new Date(Date.now() + seconds * 1000).toUTCString()
                : String(seconds),
              'x-ratelimit-limit': '100',
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset': String(seconds),
            };
      const title = status === 429 ? 'Too many requests' : 'Injected fault';
      const code = status === 429 ? '10011' : '10000';
      const source = fault.parameter === undefined ? undefined : { parameter: fault.parameter };
      return {
        ...errorResponse(status, code, title, 'Injected by the simulator.', source),
        headers,
      };
    }
    case 'garbage':
      return { status: 200, body: '<html><body>502 Bad Gateway</body></html>' };
    default:
      return null;
  }
}

/** Starts the simulated provider: a real HTTP server over a private copy of the seed data. */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  // Filled once the port is known: download URLs point at this server's /files/.
  let data: SimDataset = {
    recordings: [],
    conferences: [],
    participants: [],
    transcriptions: [],
    calls: [],
    activeRecordings: new Map(),
  };
  const apiKeys = new Set(options.apiKeys);
  const requests: SimulatorRequest[] = [];
  const faults = new FaultSet();
  const drift: SimulatorDrift = {};
  let inFlight = 0;
  let peakConcurrency = 0;
  const stats: SimulatorStats = { requests: 0, byStatus: {}, peakConcurrency: 0 };
  const windows = options.rateLimit ? new RateLimitWindows(options.rateLimit) : null;
  const webhooks = new WebhookSender();
  webhooks.target = options.webhookUrl ?? null;
  let filesBase = '';

  const saveTranscription = async (recordingId: string): Promise<SimTranscription> => {
    const recording = data.recordings.find((candidate) => candidate.id === recordingId);
    const now = new Date().toISOString().replace('Z', '000Z');
    const transcription: SimTranscription = {
      record_type: 'recording_transcription',
      id: randomUUID(),
      recording_id: recordingId,
      transcription_text: 'Thanks for calling, a new recording has arrived.',
      status: 'completed',
      duration_millis: recording?.duration_millis ?? 30_000,
      created_at: now,
      updated_at: now,
    };
    data.transcriptions.unshift(transcription);
    await webhooks.send('call.recording.transcription.saved', {
      recording_id: recordingId,
      recording_transcription_id: transcription.id,
      transcription_text: transcription.transcription_text,
      status: 'completed',
      call_leg_id: recording?.call_leg_id ?? null,
      call_session_id: recording?.call_session_id ?? null,
      call_control_id: recording?.call_control_id ?? null,
      connection_id: recording?.connection_id ?? null,
      calling_party_type: 'pstn',
    });
    return transcription;
  };

  const storeRecording = (overrides: Partial<SimRecording>): SimRecording => {
    const recording = newRecording(data, filesBase, overrides);
    insertByCreatedAt(data.recordings, recording);
    return recording;
  };

  /** The saved event for a recording (delivered, with retries, before it resolves). */
  const announceRecording = async (
    recording: SimRecording,
    format: 'mp3' | 'wav',
    save: SaveOptions = {},
  ): Promise<void> => {
    const common = {
      call_session_id: recording.call_session_id,
      call_control_id: recording.call_control_id ?? null,
      connection_id: recording.connection_id ?? null,
      channels: recording.channels,
      recording_started_at: recording.recording_started_at,
      recording_ended_at: recording.recording_ended_at,
      recording_urls: recording.download_urls,
      public_recording_urls: recording.download_urls,
    };
    await (recording.conference_id !== null
      ? webhooks.send('conference.recording.saved', {
          ...common,
          recording_id: recording.id,
          conference_id: recording.conference_id,
          format,
        })
      : webhooks.send('call.recording.saved', {
          ...common,
          ...(save.omitRecordingId ? {} : { recording_id: recording.id }),
          call_leg_id: recording.call_leg_id,
        }));
  };

  const saveRecording = async (
    overrides: Partial<SimRecording> = {},
    save: SaveOptions = {},
  ): Promise<SimRecording> => {
    const recording = storeRecording(overrides);
    await announceRecording(recording, 'mp3', save);
    if (save.transcribe) await saveTranscription(recording.id);
    return recording;
  };

  // A stop answers at once; the provider's webhook follows on its own time.
  const recordingStopped = (overrides: Partial<SimRecording>, format: 'mp3' | 'wav') => {
    const recording = storeRecording(overrides);
    void announceRecording(recording, format);
    return recording;
  };
  const record = options.recordRequests ?? true;
  const postedBodies = new WeakMap<IncomingMessage, unknown>();

  const adminDrift = async (request: IncomingMessage): Promise<SimResponse> => {
    if (!authorized(request, apiKeys)) return errorResponse(401, '10009', 'Unauthorized', '');
    if (request.method === 'POST') {
      const parsed = simulatorDriftSchema.safeParse(await readJsonBody(request));
      if (!parsed.success)
        return errorResponse(422, '10015', 'Invalid drift', parsed.error.message);
      Object.assign(drift, parsed.data);
    }
    if (request.method === 'DELETE') {
      for (const key of Object.keys(drift)) Reflect.deleteProperty(drift, key);
    }
    return { status: 200, body: { data: drift } };
  };

  const admin = async (request: IncomingMessage): Promise<SimResponse> => {
    if (!authorized(request, apiKeys)) return errorResponse(401, '10009', 'Unauthorized', '');
    if (request.method === 'DELETE') {
      faults.clear();
      return { status: 200, body: { data: [] } };
    }
    if (request.method === 'POST') {
      const parsed = simulatorFaultSchema.safeParse(await readJsonBody(request));
      if (!parsed.success)
        return errorResponse(422, '10015', 'Invalid fault', parsed.error.message);
      faults.add(parsed.data);
    }
    return { status: 200, body: { data: faults.list() } };
  };

  const answer = async (request: IncomingMessage, url: URL): Promise<Outcome> => {
    const method = request.method ?? 'GET';
    if (url.pathname === ADMIN_FAULTS_PATH) {
      return { kind: 'answer', route: `${method} ${ADMIN_FAULTS_PATH}`, ...(await admin(request)) };
    }
    if (url.pathname === ADMIN_STATS_PATH) {
      if (method === 'DELETE') {
        stats.requests = 0;
        stats.byStatus = {};
      }
      const body = { data: { ...stats, peakConcurrency } };
      return authorized(request, apiKeys)
        ? { kind: 'answer', route: `${method} ${ADMIN_STATS_PATH}`, status: 200, body }
        : {
            kind: 'answer',
            route: `${method} ${ADMIN_STATS_PATH}`,
            ...errorResponse(401, '10009', 'Unauthorized', ''),
          };
    }
    if (url.pathname === ADMIN_RECORDINGS_PATH && method === 'POST') {
      const route = `${method} ${ADMIN_RECORDINGS_PATH}`;
      if (!authorized(request, apiKeys)) {
        return { kind: 'answer', route, ...errorResponse(401, '10009', 'Unauthorized', '') };
      }
      const options = (await readJsonBody(request)) as { transcribe?: unknown } | null;
      const saved = await saveRecording({}, { transcribe: options?.transcribe === true });
      return { kind: 'answer', route, status: 201, body: { data: saved } };
    }
    if (url.pathname === ADMIN_DRIFT_PATH) {
      return {
        kind: 'answer',
        route: `${method} ${ADMIN_DRIFT_PATH}`,
        ...(await adminDrift(request)),
      };
    }
    if (!url.pathname.startsWith('/v2/'))
      return { kind: 'answer', route: 'unknown', ...notFound('route') };
    const path = url.pathname.slice(3);
    const body = method === 'POST' ? await readJsonBody(request) : null;
    if (method === 'POST') postedBodies.set(request, body);
    for (const route of routes) {
      const match = route.method === method ? route.pattern.exec(path) : null;
      if (match === null) continue;
      const template = `${method} ${route.template}`;
      if (!authorized(request, apiKeys)) {
        const denied = errorResponse(
          401,
          '10009',
          'Authentication failed',
          'Missing or invalid API key.',
        );
        return { kind: 'answer', route: template, ...denied };
      }
      if (options.maxConcurrency !== undefined && inFlight > options.maxConcurrency) {
        return {
          kind: 'answer',
          route: template,
          ...errorResponse(503, '10000', 'Service unavailable', 'Too busy.'),
        };
      }
      const decision = windows?.take(request.headers.authorization ?? '');
      if (decision && !decision.allowed) {
        const refused = errorResponse(429, '10011', 'Too many requests', 'Rate limit exceeded.');
        return { kind: 'answer', route: template, ...refused, headers: decision.headers };
      }
      const drawn = faults.draw(template, path);
      const latency = drawn.latencyMs + (options.latencyMs ?? 0);
      if (latency > 0) await delay(latency);
      if (drawn.fault?.kind === 'reset' || drawn.fault?.kind === 'hang') {
        return { kind: 'drop', route: template, fault: drawn.fault.kind };
      }
      // A status or garbage fault answers instead of the provider: the handler (which may
      // delete) does not run. Truncated and invalid answers are broken real answers.
      const replaced = drawn.fault ? faultAnswer(drawn.fault) : null;
      if (replaced) return { kind: 'answer', route: template, ...replaced };
      const params = match.slice(1).map((param) => decodeURIComponent(param));
      const handled = route.handle({
        params,
        query: url.searchParams,
        body,
        data,
        drift,
        recordingStopped,
      });
      const real = decision
        ? { ...handled, headers: { ...handled.headers, ...decision.headers } }
        : handled;
      const broken =
        drawn.fault?.kind === 'invalid' ? { ...real, body: breakContract(real.body) } : real;
      return {
        kind: 'answer',
        route: template,
        ...broken,
        truncate: drawn.fault?.kind === 'truncate',
      };
    }
    return { kind: 'answer', route: 'unknown', ...notFound('route') };
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://simulator');
    if (url.pathname.startsWith(FILES_PATH)) {
      serveFile(data, url, response);
      return;
    }
    inFlight += 1;
    peakConcurrency = Math.max(peakConcurrency, inFlight);
    response.once('close', () => {
      inFlight -= 1;
    });
    void answer(request, url)
      .then((outcome) => {
        if (!outcome.route.includes('/__admin')) {
          stats.requests += 1;
          const status = String(outcome.kind === 'answer' ? outcome.status : 0);
          stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
        }
        if (record)
          requests.push({
            method: request.method ?? 'GET',
            route: outcome.route,
            path: url.pathname,
            query: Object.fromEntries(url.searchParams),
            status: outcome.kind === 'answer' ? outcome.status : 0,
            ...(postedBodies.has(request) ? { body: postedBodies.get(request) } : {}),
            ...(typeof request.headers.traceparent === 'string'
              ? { traceparent: request.headers.traceparent }
              : {}),
          });
        if (outcome.kind === 'drop') {
          // A hang keeps the socket open until the client gives up or the simulator closes.
          if (outcome.fault === 'reset') request.socket.destroy();
          return;
        }
        // A proxy in front of the provider answers its own 404 page.
        const answer = drift.htmlNotFound && outcome.status === 404 ? HTML_NOT_FOUND : outcome;
        send(response, answer, outcome.truncate);
      })
      .catch(() => {
        if (!response.headersSent)
          send(response, errorResponse(500, '10000', 'Internal error', ''));
      });
  });
  server.keepAliveTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  const filesBaseUrl = `http://${host}:${port}${FILES_PATH}`;
  data = createSeedData({ filesBaseUrl, ...options.seed });
  filesBase = filesBaseUrl;
  let saving = 0;
  const every = options.newRecordingEveryMs ?? 0;
  const ticker =
    every > 0
      ? setInterval(() => {
          saving += 1;
          // Every other one is transcribed, as calls recorded with transcription on are.
          void saveRecording({}, { transcribe: saving % 2 === 0 });
        }, every)
      : null;
  ticker?.unref();

  return {
    baseUrl: new URL(`http://${host}:${port}/v2`),
    get dataset() {
      return data;
    },
    requests,
    get peakConcurrency() {
      return peakConcurrency;
    },
    stats,
    clearRequests: () => {
      requests.length = 0;
      peakConcurrency = inFlight;
      stats.requests = 0;
      stats.byStatus = {};
    },
    faults,
    drift,
    revokeApiKey: (key) => {
      apiKeys.delete(key);
    },
    restoreApiKey: (key) => {
      apiKeys.add(key);
    },
    addRecording: (overrides = {}) => {
      const recording = newRecording(data, filesBaseUrl, overrides);
      insertByCreatedAt(data.recordings, recording);
      return recording;
    },
    saveRecording,
    saveTranscription,
    webhooks,
    patchRecording: (id, patch) => {
      const recording = data.recordings.find((candidate) => candidate.id === id);
      if (!recording) throw new Error(`no recording ${id}`);
      patchRow(recording, patch);
    },
    close: async () => {
      if (ticker) clearInterval(ticker);
      webhooks.target = null;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
