import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { createSeedData, type SeedOptions } from './seed-data';
import type { SimDataset, SimRecording } from './sim-records';

export interface SimulatorOptions {
  /** Bearer tokens the simulated provider accepts. */
  readonly apiKeys: readonly string[];
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly seed?: SeedOptions;
  /** Fixed delay before every answer, standing for the network. */
  readonly latencyMs?: number;
}

/** One request the simulator answered, for tests that count upstream calls. */
export interface SimulatorRequest {
  readonly method: string;
  /** The route template, e.g. `GET /recordings/{id}`. */
  readonly route: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly status: number;
}

/** Makes requests to one route answer an error instead (tests of upstream failure handling). */
export interface SimulatorFault {
  /** Route template as in SimulatorRequest.route, e.g. `GET /conferences/{id}`. */
  readonly route: string;
  /** Only requests for this exact path (after /v2), when given. */
  readonly path?: string;
  readonly status: number;
  /** A non-JSON body instead of the provider's error envelope. */
  readonly garbage?: boolean;
}

export interface RunningSimulator {
  /** Base URL including `/v2`, as UPSTREAM_URL expects it. */
  readonly baseUrl: URL;
  readonly dataset: SimDataset;
  readonly requests: readonly SimulatorRequest[];
  clearRequests(): void;
  /** Active faults; push to add one, clear with `faults.length = 0`. */
  readonly faults: SimulatorFault[];
  close(): Promise<void>;
}

interface SimResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

interface RouteContext {
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly data: SimDataset;
}

interface Route {
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
  readonly handle: (context: RouteContext) => SimResponse;
}

const MAX_PAGE_SIZE = 250;

function errorResponse(
  status: number,
  code: string,
  title: string,
  detail: string,
  source?: Record<string, string>,
): SimResponse {
  return { status, body: { errors: [{ code, title, detail, ...(source ? { source } : {}) }] } };
}

function notFound(what: string): SimResponse {
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

function paged(items: readonly unknown[], query: URLSearchParams): SimResponse {
  const pageNumber = readPositiveInt(query, 'page[number]', 1, Number.MAX_SAFE_INTEGER);
  if (typeof pageNumber !== 'number') return pageNumber;
  const pageSize = readPositiveInt(query, 'page[size]', 20, MAX_PAGE_SIZE);
  if (typeof pageSize !== 'number') return pageSize;
  const start = (pageNumber - 1) * pageSize;
  return {
    status: 200,
    body: {
      data: items.slice(start, start + pageSize),
      meta: {
        page_number: pageNumber,
        page_size: pageSize,
        total_pages: Math.ceil(items.length / pageSize),
        total_results: items.length,
      },
    },
  };
}

function readTimestamp(query: URLSearchParams, name: string): number | SimResponse | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const value = Date.parse(raw);
  return Number.isNaN(value) ? invalidParameter(name, `${name} must be an ISO 8601 date.`) : value;
}

function listRecordings({ query, data }: RouteContext): SimResponse {
  const after = readTimestamp(query, 'filter[created_at][gte]');
  if (typeof after === 'object') return after;
  const before = readTimestamp(query, 'filter[created_at][lte]');
  if (typeof before === 'object') return before;
  const equals: [string, keyof SimRecording][] = [
    ['filter[conference_id]', 'conference_id'],
    ['filter[call_leg_id]', 'call_leg_id'],
    ['filter[call_session_id]', 'call_session_id'],
  ];
  const matches = data.recordings.filter((recording) => {
    for (const [parameter, field] of equals) {
      const wanted = query.get(parameter);
      if (wanted !== null && recording[field] !== wanted) return false;
    }
    const createdAt = Date.parse(recording.created_at);
    return (
      (after === undefined || createdAt >= after) && (before === undefined || createdAt <= before)
    );
  });
  return paged(matches, query);
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
const routeTable: readonly Omit<Route, 'pattern'>[] = [
  { method: 'GET', template: '/recordings', handle: listRecordings },
  {
    method: 'POST',
    template: '/recordings/actions/delete',
    handle: ({ body, data }) => {
      const ids = (body as { ids?: unknown } | null)?.ids;
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
        return invalidParameter('ids', 'ids must be an array of recording ids.');
      }
      removeRecordings(data, new Set(ids));
      return { status: 200, body: { status: 'ok' } };
    },
  },
  {
    method: 'GET',
    template: '/recordings/{id}',
    handle: ({ params, data }) => {
      const recording = findRecording(data, params[0]);
      return recording ? { status: 200, body: { data: recording } } : notFound('recording');
    },
  },
  {
    method: 'DELETE',
    template: '/recordings/{id}',
    handle: ({ params, data }) => {
      const recording = findRecording(data, params[0]);
      if (!recording) return notFound('recording');
      removeRecordings(data, new Set([recording.id]));
      return { status: 200, body: { data: recording } };
    },
  },
  {
    method: 'GET',
    template: '/conferences',
    handle: ({ query, data }) => {
      const name = query.get('filter[name]');
      const status = query.get('filter[status]');
      const matches = data.conferences.filter(
        (conference) =>
          (name === null || conference.name.includes(name)) &&
          (status === null || conference.status === status),
      );
      return paged(matches, query);
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
    handle: ({ params, query, data }) => {
      if (!data.conferences.some((conference) => conference.id === params[0])) {
        return notFound('conference');
      }
      return paged(
        data.participants.filter((participant) => participant.conference.id === params[0]),
        query,
      );
    },
  },
];

const routes: readonly Route[] = routeTable.map((route) => ({
  ...route,
  pattern: new RegExp(`^${route.template.replace(/\{[a-z_]+\}/g, ID)}$`),
}));

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

function send(response: ServerResponse, answer: SimResponse): void {
  const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...answer.headers,
  });
  response.end(body);
}

/** Starts the simulated provider: a real HTTP server over a private copy of the seed data. */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const data = createSeedData(options.seed);
  const apiKeys = new Set(options.apiKeys);
  const requests: SimulatorRequest[] = [];
  const faults: SimulatorFault[] = [];

  const answer = async (request: IncomingMessage): Promise<{ route: string } & SimResponse> => {
    const url = new URL(request.url ?? '/', 'http://simulator');
    const method = request.method ?? 'GET';
    if (!url.pathname.startsWith('/v2/')) return { route: 'unknown', ...notFound('route') };
    const path = url.pathname.slice(3);
    const body = method === 'POST' ? await readJsonBody(request) : null;
    for (const route of routes) {
      const match = route.method === method ? route.pattern.exec(path) : null;
      if (match === null) continue;
      const template = `${method} ${route.template}`;
      if (!authorized(request, apiKeys)) {
        return {
          route: template,
          ...errorResponse(401, '10009', 'Authentication failed', 'Missing or invalid API key.'),
        };
      }
      const fault = faults.find(
        (candidate) =>
          candidate.route === template && (candidate.path === undefined || candidate.path === path),
      );
      if (fault) {
        const body = fault.garbage
          ? '<html>bad gateway'
          : { errors: [{ code: '10000', title: 'Injected fault', detail: 'Injected fault.' }] };
        return { route: template, status: fault.status, body };
      }
      const params = match.slice(1).map((param) => decodeURIComponent(param));
      return { route: template, ...route.handle({ params, query: url.searchParams, body, data }) };
    }
    return { route: 'unknown', ...notFound('route') };
  };

  const server = createServer((request, response) => {
    void (async () => {
      const result = await answer(request);
      if (options.latencyMs) await delay(options.latencyMs);
      const url = new URL(request.url ?? '/', 'http://simulator');
      requests.push({
        method: request.method ?? 'GET',
        route: result.route,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        status: result.status,
      });
      send(response, result);
    })().catch(() => {
      if (!response.headersSent) send(response, errorResponse(500, '10000', 'Internal error', ''));
    });
  });
  server.keepAliveTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  return {
    baseUrl: new URL(`http://${host}:${port}/v2`),
    dataset: data,
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    faults,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
