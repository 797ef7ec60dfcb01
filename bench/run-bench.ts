import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon, { type Request } from 'autocannon';
import { startSimulator, type RunningSimulator } from '../src/simulator/simulator-server';
import { startFloorServer } from './floor-server';
import { startGatewayProcess, type GatewayProcess } from './gateway-process';

// `npm run bench`: the simulator with a fixed latency standing for the network, the compiled
// gateway as its own process (batched, and a naive twin without DataLoader), a hand-written REST
// floor, and autocannon on loopback. Prints a table and writes bench/RESULTS.md.

const LATENCY_MS = Number(process.env['BENCH_LATENCY_MS'] ?? 5);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 4);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 4);
const API_KEY = 'bench-key';

interface Scenario {
  readonly name: string;
  readonly graphql: () => { query: string; variables: Record<string, unknown> };
  readonly floorPath: () => string;
  /** Also run at one connection, to compare latency without queueing. */
  readonly lowConcurrency?: boolean;
}

interface Row {
  readonly scenario: string;
  readonly target: string;
  readonly connections: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly upstreamPerRequest: number | null;
  readonly rssMiB: number | null;
  readonly errors: number;
}

function rotating<T>(items: readonly T[]): () => T {
  let next = 0;
  return () => items[next++ % items.length] as T;
}

function scenarios(simulator: RunningSimulator): Scenario[] {
  const recordings = simulator.dataset.recordings;
  const nextId = rotating(recordings.map((r) => r.id));
  const nextConference = rotating(simulator.dataset.conferences.map((c) => c.id));
  const nextEntityOffset = rotating([0, 100, 200]);
  const entityIds = (offset: number) => recordings.slice(offset, offset + 100).map((r) => r.id);
  return [
    {
      name: 'recording(id)',
      lowConcurrency: true,
      graphql: () => ({
        query:
          'query ($id: ID!) { recording(id: $id) { id recordType createdAt updatedAt recordingStartedAt recordingEndedAt durationMillis status channels source conferenceId callLegId callSessionId downloadUrls { mp3 wav } } }',
        variables: { id: nextId() },
      }),
      floorPath: () => `/recording?id=${nextId()}`,
    },
    {
      name: '50 recordings + conference { name status }',
      graphql: () => ({
        query:
          'query { recordings(first: 50) { totalCount nodes { id durationMillis conference { name status } } } }',
        variables: {},
      }),
      floorPath: () => '/page?first=50',
    },
    {
      name: '250 recordings + conference + callLeg links',
      graphql: () => ({
        query:
          'query { recordings(first: 250) { nodes { id conference { name status } callLeg { id recordings(first: 5) { totalCount } } } } }',
        variables: {},
      }),
      floorPath: () => '/page?first=250&legs=1',
    },
    {
      name: 'conference(id) { recordings(first: 100) }',
      graphql: () => ({
        query:
          'query ($id: ID!) { conference(id: $id) { name status recordings(first: 100) { totalCount nodes { id durationMillis } } } }',
        variables: { id: nextConference() },
      }),
      floorPath: () => `/conference?id=${nextConference()}`,
    },
    {
      name: '_entities: 100 Recording representations',
      graphql: () => ({
        query:
          'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Recording { id durationMillis } } }',
        variables: {
          r: entityIds(nextEntityOffset()).map((id) => ({ __typename: 'Recording', id })),
        },
      }),
      floorPath: () => `/entities?ids=${entityIds(nextEntityOffset()).join(',')}`,
    },
  ];
}

async function load(
  url: URL,
  connections: number,
  request: Request,
  seconds = SECONDS,
): Promise<autocannon.Result & { requests: { sent: number } }> {
  return autocannon({ url: url.origin, connections, duration: seconds, requests: [request] });
}

async function measure(
  scenario: Scenario,
  target: string,
  url: URL,
  connections: number,
  simulator: RunningSimulator,
  gateway: GatewayProcess | null,
): Promise<Row> {
  const graphqlRequest: Request = {
    method: 'POST',
    path: url.pathname,
    headers: { 'content-type': 'application/json' },
    setupRequest: (request) => ({ ...request, body: JSON.stringify(scenario.graphql()) }),
  };
  const floorRequest: Request = {
    method: 'GET',
    setupRequest: (request) => ({ ...request, path: scenario.floorPath() }),
  };
  const request = gateway ? graphqlRequest : floorRequest;
  if (target.includes('warm')) await load(url, connections, request, 1);
  simulator.clearRequests();
  const result = await load(url, connections, request);
  // Let requests still in flight at the end finish their upstream calls before counting.
  await sleep(300);
  const sent = result.requests.sent;
  return {
    scenario: scenario.name,
    target,
    connections,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    upstreamPerRequest: sent > 0 ? simulator.requests.length / sent : null,
    rssMiB: gateway ? gateway.rssMiB() : null,
    errors: result.non2xx + result.errors,
  };
}

function table(rows: readonly Row[]): string {
  const header =
    '| scenario | target | conn | req/s | p50 ms | p99 ms | upstream req/query | gateway RSS MiB | vs floor (p50) | vs naive (req/s) |\n' +
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|';
  const lines = rows.map((row) => {
    const same = (target: string) =>
      rows.find(
        (r) =>
          r.scenario === row.scenario && r.target === target && r.connections === row.connections,
      );
    const floor = same('floor (REST)');
    const naive = same('naive gateway');
    const isGateway = row.target.startsWith('gateway');
    const vsFloor =
      isGateway && floor ? `${(row.p50 / Math.max(floor.p50, 0.01)).toFixed(2)}x` : '';
    const vsNaive = isGateway && naive ? `${(row.rps / Math.max(naive.rps, 1)).toFixed(2)}x` : '';
    const upstream = row.upstreamPerRequest === null ? '' : row.upstreamPerRequest.toFixed(1);
    const errors = row.errors > 0 ? ` (${row.errors} errors)` : '';
    return `| ${row.scenario} | ${row.target}${errors} | ${row.connections} | ${row.rps} | ${row.p50} | ${row.p99} | ${upstream} | ${row.rssMiB ?? ''} | ${vsFloor} | ${vsNaive} |`;
  });
  return [header, ...lines].join('\n');
}

async function bench(): Promise<void> {
  const simulator = await startSimulator({ apiKeys: [API_KEY], latencyMs: LATENCY_MS });
  const floor = await startFloorServer(simulator.baseUrl, API_KEY);
  const env = {
    LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'info',
    UPSTREAM_URL: simulator.baseUrl.href,
    UPSTREAM_API_KEY: API_KEY,
    GRAPHQL_MAX_COST: '1000000',
  };
  const gateway = await startGatewayProcess({ ...env, CACHE_TTL_SECONDS: '0' });
  const cached = await startGatewayProcess(env);
  const naive = await startGatewayProcess({
    ...env,
    CACHE_TTL_SECONDS: '0',
    BENCH_NAIVE_LOADERS: 'true',
  });
  const rows: Row[] = [];
  try {
    const only = process.env['BENCH_ONLY'];
    const selected = scenarios(simulator).filter((s) => !only || s.name.includes(only));
    for (const scenario of selected) {
      const levels = scenario.lowConcurrency ? [1, CONNECTIONS] : [CONNECTIONS];
      for (const connections of levels) {
        rows.push(await measure(scenario, 'floor (REST)', floor.url, connections, simulator, null));
        rows.push(await measure(scenario, 'gateway', gateway.url, connections, simulator, gateway));
        rows.push(
          await measure(
            scenario,
            'gateway, warm cache',
            cached.url,
            connections,
            simulator,
            cached,
          ),
        );
        rows.push(
          await measure(scenario, 'naive gateway', naive.url, connections, simulator, naive),
        );
        console.error(`measured ${scenario.name} at ${connections} connection(s)`);
      }
    }
  } finally {
    await gateway.stop();
    await cached.stop();
    await naive.stop();
    await floor.close();
    await simulator.close();
  }
  const summary =
    `Machine: ${cpus().length} cores, Node ${process.version}; upstream latency ${LATENCY_MS} ms (simulator), ` +
    `${SECONDS} s per row, autocannon on loopback; gateway NODE_ENV=production. ` +
    '"gateway" has the cross-request cache off; "warm cache" runs 1 s of the same load first. ' +
    'upstream req/query counts requests still in flight at the end, so it reads slightly high. ' +
    new Date().toISOString();
  const output = `${summary}\n\n${table(rows)}\n`;
  console.log(output);
  writeFileSync(
    join(__dirname, 'RESULTS.md'),
    `# Benchmark results (last run of \`npm run bench\`)\n\n${output}`,
  );
}

bench().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
