import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bulkhead } from 'cockatiel';
import { Pool } from 'undici';
import { bufferedRequest } from '../src/upstream/transport/buffered-request';

/**
 * The floor: the same upstream REST calls a query needs, issued by hand-written code with no
 * GraphQL, no type-graphql and no DataLoader in the way (fan-out under the same cap of 8 the
 * gateway uses per request). GET /<scenario>?... answers the combined JSON.
 */
export interface FloorServer {
  readonly url: URL;
  close(): Promise<void>;
}

interface WireRow {
  id: string;
  conference_id: string | null;
  call_leg_id: string | null;
}

/** Distinct reads one answer makes at once: what the gateway allows one request (32). */
const FAN_OUT = Number(process.env['FLOOR_FAN_OUT'] ?? 32);
/** undici's own default for both timeouts. */
const CALL_TIMEOUT_MS = 300_000;

export async function startFloorServer(upstream: URL, apiKey: string): Promise<FloorServer> {
  // Enough sockets for hundreds of clients at internet latency: the floor is never the limit.
  const pool = new Pool(upstream.origin, { connections: 2048 });
  const base = upstream.pathname.replace(/\/+$/, '');
  const getJson = async (path: string): Promise<unknown> => {
    const answer = await bufferedRequest(pool, {
      method: 'GET',
      path: base + path,
      headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json' },
      headersTimeout: CALL_TIMEOUT_MS,
      bodyTimeout: CALL_TIMEOUT_MS,
    });
    // A link to what the provider no longer has (a conference gone) reads as null, as the
    // gateway answers it: the floor must not count it as a failed answer.
    if (answer.statusCode === 404) return null;
    return JSON.parse(answer.text) as unknown;
  };
  const fanOut = <T>(paths: readonly string[]): Promise<T[]> => {
    const limiter = bulkhead(FAN_OUT, Number.MAX_SAFE_INTEGER);
    return Promise.all(paths.map((path) => limiter.execute(() => getJson(path) as Promise<T>)));
  };
  const unique = (values: readonly (string | null)[]) =>
    [...new Set(values)].filter((value): value is string => value !== null);

  const scenarios: Record<string, (query: URLSearchParams) => Promise<unknown>> = {
    recording: (query) => getJson(`/recordings/${query.get('id') ?? ''}`),
    list: (query) => getJson(`/recordings?page[size]=${query.get('first') ?? '50'}`),

    page: async (query) => {
      const list = (await getJson(`/recordings?page[size]=${query.get('first') ?? '50'}`)) as {
        data: WireRow[];
      };
      const conferences = await fanOut(
        unique(list.data.map((r) => r.conference_id)).map((id) => `/conferences/${id}`),
      );
      if (query.get('legs') !== '1') return { list, conferences };
      const legs = await fanOut(
        unique(list.data.map((r) => r.call_leg_id)).map(
          (id) => `/recordings?filter[call_leg_id]=${id}&page[size]=5`,
        ),
      );
      return { list, conferences, legs };
    },
    conference: async (query) => {
      const id = query.get('id') ?? '';
      return Promise.all([
        getJson(`/conferences/${id}`),
        getJson(`/recordings?filter[conference_id]=${id}&page[size]=100`),
      ]);
    },
    entities: (query) =>
      fanOut((query.get('ids') ?? '').split(',').map((id) => `/recordings/${id}`)),
  };

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://floor');
    const run = scenarios[url.pathname.slice(1)];
    if (!run) {
      response.writeHead(404).end();
      return;
    }
    run(url.searchParams)
      .then((body) => {
        const text = JSON.stringify(body);
        response.writeHead(200, { 'content-type': 'application/json' }).end(text);
      })
      .catch(() => response.writeHead(502).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/`),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.close();
    },
  };
}
