// Longer than 300 lines: one closure over a running simulator's state (dataset, keys, faults,
// drift, counters) that the request dispatcher and the admin routes share; what does not need that
// state lives beside it (routes, list-routes, faults, provider-events, file-store, sim-http).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { patchRow, simulatorDriftSchema, type SimulatorDrift } from './drift';
import { FILES_PATH, serveFile } from './file-store';
import { breakContract, faultAnswer, FaultSet, simulatorFaultSchema } from './faults';
import { insertByCreatedAt, newRecording } from './new-recording';
import {
  announceRecording as announceRecordingOf,
  saveTranscription as saveTranscriptionOf,
} from './provider-events';
import { RateLimitWindows } from './rate-limit';
import { routes } from './routes';
import type {
  RunningSimulator,
  SaveOptions,
  SimulatorOptions,
  SimulatorRequest,
  SimulatorStats,
} from './running-simulator';
import { createSeedData } from './seed-data';
import { authorized, HTML_NOT_FOUND, readJsonBody, send } from './sim-http';
import type { SimDataset, SimRecording, SimTranscription } from './sim-records';
import { errorResponse, notFound, type SimResponse } from './sim-response';
import { WebhookSender } from './webhook-sender';

export type { SimulatorFault } from './faults';
export type {
  RunningSimulator,
  SaveOptions,
  SimulatorOptions,
  SimulatorRequest,
  SimulatorStats,
} from './running-simulator';
export type { SimulatorDrift } from './drift';

type Outcome =
  | ({ readonly kind: 'answer'; readonly route: string; readonly truncate?: boolean } & SimResponse)
  | { readonly kind: 'drop'; readonly route: string; readonly fault: 'reset' | 'hang' };

const ADMIN_FAULTS_PATH = '/__admin/faults';
const ADMIN_DRIFT_PATH = '/__admin/drift';
const ADMIN_STATS_PATH = '/__admin/stats';
const ADMIN_RECORDINGS_PATH = '/__admin/recordings';

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

  const saveTranscription = (recordingId: string): Promise<SimTranscription> =>
    saveTranscriptionOf(data, webhooks, recordingId);
  const announceRecording = (recording: SimRecording, format: 'mp3' | 'wav', save?: SaveOptions) =>
    announceRecordingOf(webhooks, recording, format, save);

  const storeRecording = (overrides: Partial<SimRecording>): SimRecording => {
    const recording = newRecording(data, filesBase, overrides);
    insertByCreatedAt(data.recordings, recording);
    return recording;
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
