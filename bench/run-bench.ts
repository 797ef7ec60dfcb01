import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { startGatewayProcess, type GatewayProcess } from './gateway-process';
import { startJwksServer } from './jwks-server';
import { runLoad, type LoadResult } from './load-generator';
import { startTraceSink } from './trace-sink';
import {
  startFloorProcess,
  startSimulatorProcess,
  type ChildServer,
  type SimulatorProcess,
} from './processes';

// `npm run bench`: the gateway next to the floor (a minimal REST proxy making the same upstream
// calls) on loopback, where CPU is the limit: simulator 5 ms away, cache off. The two headline
// queries run at 10 clients, three times each, interleaved with the floor, so run-to-run noise
// shows (after an unrecorded warm-up of both); other scenarios compare the warm cache and a naive twin without DataLoader; two rows
// measure what end-user JWTs and compression cost. Every process is separate; the gateway's peak
// RSS is sampled throughout. Writes bench/RESULTS.md.

// Linux's USER_HZ: /proc reports CPU time in these ticks.
const CLOCK_TICKS_PER_SECOND = 100;
const LATENCY_MS = Number(process.env['BENCH_LATENCY_MS'] ?? 5);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const REPEATS = Number(process.env['BENCH_REPEATS'] ?? 3);
const WARM_UP_SECONDS = Number(process.env['BENCH_WARM_UP_SECONDS'] ?? 2);
const ONLY = process.env['BENCH_ONLY'];
const API_KEY = 'bench-key';

interface Row {
  readonly scenario: string;
  readonly target: string;
  readonly connections: number;
  readonly result: LoadResult;
  readonly upstreamPerAnswer: number | null;
  /** The serving gateway's peak RSS during the row (MiB); null for the floor. */
  readonly peakRssMiB: number | null;
  /** CPU the serving process used per answer: steadier than answers/s on a shared machine. */
  readonly cpuMicrosPerAnswer: number | null;
}

interface Scenario {
  readonly name: string;
  readonly body: () => string;
  readonly floorPath: () => string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Headers per request instead (each user its own token), when set. */
  readonly nextHeaders?: () => Readonly<Record<string, string>>;
}

function rotating<T>(items: readonly T[]): () => T {
  let next = 0;
  return () => items[next++ % items.length] as T;
}

const rate = (row: Row) => row.result.ok.count / row.result.seconds;

/** Serves a row: the floor or a gateway process (whose RSS the row samples). */
type Server = ChildServer | GatewayProcess;

/** CPU time a process has used so far (user + system), in milliseconds, from /proc. */
function cpuMillis(server: Server): number {
  const stat = readFileSync(`/proc/${String(server.child.pid)}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

async function measure(
  scenario: Scenario,
  target: string,
  server: Server,
  connections: number,
  simulator: SimulatorProcess,
): Promise<Row> {
  const isFloor = !('rssMiB' in server);
  await simulator.resetStats();
  const rss = isFloor ? null : rssSampler(server);
  const cpuBefore = cpuMillis(server);
  const simulatorBefore = cpuMillis(simulator);
  const loadBefore = process.cpuUsage();
  const result = await runLoad({
    url: server.url,
    connections,
    seconds: SECONDS,
    next: () =>
      isFloor
        ? { method: 'GET', path: scenario.floorPath() }
        : {
            method: 'POST',
            body: scenario.body(),
            headers: scenario.nextHeaders?.() ?? scenario.headers ?? {},
          },
  });
  const cpuUsed = cpuMillis(server) - cpuBefore;
  const simulatorUsed = cpuMillis(simulator) - simulatorBefore;
  const load = process.cpuUsage(loadBefore);
  const loadUsed = (load.user + load.system) / 1000;
  const peakRssMiB = rss?.stop() ?? null;
  const upstream = (await simulator.stats()).requests;
  const row: Row = {
    scenario: scenario.name,
    target,
    connections,
    result,
    upstreamPerAnswer: result.ok.count > 0 ? upstream / result.ok.count : null,
    peakRssMiB,
    cpuMicrosPerAnswer: result.ok.count > 0 ? (cpuUsed * 1000) / result.ok.count : null,
  };
  const perAnswer = (millis: number) =>
    result.ok.count > 0 ? Math.round((millis * 1000) / result.ok.count) : 0;
  const failed = Object.entries(result.failed)
    .map(([code, stats]) => `${code} ${stats.count}`)
    .join(', ');
  console.log(
    `${scenario.name} | ${target} | ${connections} | ${Math.round(rate(row))}/s | p50 ${result.ok.p50} | p99 ${result.ok.p99} | ${Math.round(row.cpuMicrosPerAnswer ?? 0)} µs CPU/answer (simulator ${perAnswer(simulatorUsed)}, load generator ${perAnswer(loadUsed)})${peakRssMiB === null ? '' : ` | ${peakRssMiB} MiB`}${failed ? ` | ${failed}` : ''}`,
  );
  return row;
}

/** Unrecorded load on the floor and the gateway, so that measured rows compare warm processes. */
async function warmUp(
  scenario: Scenario,
  floor: URL | null,
  gateway: URL,
  connections = 10,
): Promise<void> {
  const seconds = WARM_UP_SECONDS;
  if (floor) {
    await runLoad({
      url: floor,
      connections,
      seconds,
      next: () => ({ method: 'GET', path: scenario.floorPath() }),
    });
  }
  await runLoad({
    url: gateway,
    connections,
    seconds,
    next: () => ({
      method: 'POST',
      body: scenario.body(),
      headers: scenario.nextHeaders?.() ?? scenario.headers ?? {},
    }),
  });
}

/** Samples a process's RSS until stopped; the peak is what the benchmark reports. */
function rssSampler(gateway: GatewayProcess): { stop(): number } {
  let peak = 0;
  const timer = setInterval(() => {
    if (gateway.alive()) peak = Math.max(peak, gateway.rssMiB());
  }, 100);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

async function bench(): Promise<void> {
  const simulator = await startSimulatorProcess(API_KEY, {
    SIMULATOR_LATENCY_MS: String(LATENCY_MS),
  });
  const floor: ChildServer = await startFloorProcess(simulator.url, API_KEY);
  const jwks = await startJwksServer();
  const base = {
    LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'warn',
    UPSTREAM_URL: simulator.url.href,
    UPSTREAM_API_KEY: API_KEY,
    AUTH_DISABLED: 'true',
    GRAPHQL_MAX_COST: '1000000',
    // Extra gateway variables, for experiments (JSON), e.g. {"NODE_OPTIONS":"--max-semi-space-size=8"}.
    ...(JSON.parse(process.env['BENCH_GATEWAY_ENV'] ?? '{}') as Record<string, string>),
  };

  const gateway = await startGatewayProcess({ ...base, CACHE_TTL_SECONDS: '0' });
  const rss = rssSampler(gateway);
  const ids = (
    (await (
      await fetch(`${simulator.url.href}/recordings?page%5Bsize%5D=250`, {
        headers: { authorization: `Bearer ${API_KEY}` },
      })
    ).json()) as { data: { id: string; conference_id?: string | null }[] }
  ).data;
  const nextId = rotating(ids.map((row) => row.id));
  const nextConference = rotating(
    // A call recording has no conference: its row may leave `conference_id` out altogether.
    [...new Set(ids.map((row) => row.conference_id))].filter(
      (id): id is string => typeof id === 'string',
    ),
  );
  const nextOffset = rotating([0, 100, 150]);

  const headline: Scenario[] = [
    {
      name: 'recording(id) { id status channels durationMillis }',
      body: () =>
        JSON.stringify({
          query: 'query ($id: ID!) { recording(id: $id) { id status channels durationMillis } }',
          variables: { id: nextId() },
        }),
      floorPath: () => `/recording?id=${nextId()}`,
    },
    {
      name: 'recordings(first: 50) { nodes { id status channels durationMillis createdAt } }',
      body: () =>
        JSON.stringify({
          query:
            '{ recordings(first: 50) { nodes { id status channels durationMillis createdAt } } }',
        }),
      floorPath: () => '/list?first=50',
    },
  ];
  const others: Scenario[] = [
    {
      name: '50 recordings + conference { name status }',
      body: () =>
        JSON.stringify({
          query:
            '{ recordings(first: 50) { totalCount nodes { id durationMillis conference { name status } } } }',
        }),
      floorPath: () => '/page?first=50',
    },
    {
      name: '250 recordings + conference + callLeg links',
      body: () =>
        JSON.stringify({
          query:
            '{ recordings(first: 250) { nodes { id conference { name status } callLeg { id recordings(first: 5) { totalCount } } } } }',
        }),
      floorPath: () => '/page?first=250&legs=1',
    },
    {
      name: 'conference(id) { recordings(first: 100) }',
      body: () =>
        JSON.stringify({
          query:
            'query ($id: ID!) { conference(id: $id) { name status recordings(first: 100) { totalCount nodes { id durationMillis } } } }',
          variables: { id: nextConference() },
        }),
      floorPath: () => `/conference?id=${nextConference()}`,
    },
    {
      name: '_entities: 100 Recording representations',
      body: () => {
        const offset = nextOffset();
        return JSON.stringify({
          query:
            'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Recording { id durationMillis } } }',
          variables: {
            r: ids
              .slice(offset, offset + 100)
              .map((row) => ({ __typename: 'Recording', id: row.id })),
          },
        });
      },
      floorPath: () => {
        const offset = nextOffset();
        return `/entities?ids=${ids
          .slice(offset, offset + 100)
          .map((row) => row.id)
          .join(',')}`;
      },
    },
  ];

  // What production runs: end users' JWTs verified against a JWKS (20 users, each reusing its
  // token), the server key, and clients that accept compressed answers.
  const production = await startGatewayProcess({
    ...base,
    CACHE_TTL_SECONDS: '0',
    AUTH_DISABLED: 'false',
    ...jwks.env,
  });
  const productionRss = rssSampler(production);
  const tokens = await Promise.all(
    Array.from({ length: 20 }, (_, user) => jwks.token('recordings:read', `user-${user}`)),
  );
  const nextToken = rotating(tokens);
  const asProduction = (scenario: Scenario): Scenario => ({
    ...scenario,
    nextHeaders: () => ({
      authorization: `Bearer ${nextToken()}`,
      'accept-encoding': 'gzip, br',
    }),
  });

  const rows: Row[] = [];
  const wanted = (scenario: Scenario) => !ONLY || scenario.name.includes(ONLY);
  try {
    for (const scenario of headline.filter(wanted)) {
      // Every process starts cold: a first row would measure the JIT's warm-up, not the hop.
      await warmUp(scenario, floor.url, gateway.url);
      await warmUp(asProduction(scenario), floor.url, production.url);
      for (let run = 0; run < REPEATS; run += 1) {
        rows.push(await measure(scenario, 'floor', floor, 10, simulator));
        rows.push(await measure(scenario, 'gateway', gateway, 10, simulator));
        rows.push(await measure(asProduction(scenario), PRODUCTION, production, 10, simulator));
      }
    }
    const cached = await startGatewayProcess(base);
    const naive = await startGatewayProcess({
      ...base,
      CACHE_TTL_SECONDS: '0',
      BENCH_NAIVE_LOADERS: 'true',
    });
    try {
      for (const scenario of others.filter(wanted)) {
        // As for the headline rows: a process's first load of a query measures V8's warm-up.
        await warmUp(scenario, floor.url, gateway.url, 4);
        rows.push(await measure(scenario, 'floor', floor, 4, simulator));
        rows.push(await measure(scenario, 'gateway', gateway, 4, simulator));
        // Warm the cache first: the row shows what repeated reads cost.
        await runLoad({
          url: cached.url,
          connections: 4,
          seconds: 1,
          next: () => ({ method: 'POST', body: scenario.body() }),
        });
        rows.push(await measure(scenario, 'gateway, warm cache', cached, 4, simulator));
        rows.push(await measure(scenario, 'naive gateway', naive, 4, simulator));
        if (scenario.name.startsWith('250 ')) {
          await warmUp(asProduction(scenario), null, production.url, 4);
          rows.push(await measure(asProduction(scenario), PRODUCTION, production, 4, simulator));
        }
      }
    } finally {
      await cached.stop();
      await naive.stop();
    }
    if (!ONLY || ONLY === 'costs')
      rows.push(...(await costRows(simulator, jwks, base, headline, gateway)));
    if (!ONLY || ONLY === 'tracing') rows.push(...(await tracingRows(simulator, base, headline)));
  } finally {
    const peak = Math.max(rss.stop(), productionRss.stop());
    await production.stop();
    await gateway.stop();
    await floor.stop();
    await simulator.stop();
    await jwks.stop();
    writeResults(rows, peak);
  }
}

/** What end-user JWT verification and compression cost per request. */
async function costRows(
  simulator: SimulatorProcess,
  jwks: Awaited<ReturnType<typeof startJwksServer>>,
  base: Record<string, string>,
  headline: readonly Scenario[],
  gateway: GatewayProcess,
): Promise<Row[]> {
  const rows: Row[] = [];
  const byId = headline[0];
  if (!byId) return rows;
  const withAuth = await startGatewayProcess({
    ...base,
    CACHE_TTL_SECONDS: '0',
    AUTH_DISABLED: 'false',
    ...jwks.env,
  });
  try {
    const token = await jwks.token('recordings:read');
    rows.push(await measure(byId, 'gateway, no end-user auth', gateway, 10, simulator));
    rows.push(
      await measure(
        { ...byId, headers: { authorization: `Bearer ${token}` } },
        'gateway, JWT verified per request',
        withAuth,
        10,
        simulator,
      ),
    );
  } finally {
    await withAuth.stop();
  }
  const page: Scenario = {
    name: 'recordings(first: 250) (98 KB uncompressed)',
    body: () =>
      JSON.stringify({
        query:
          '{ recordings(first: 250) { nodes { id createdAt durationMillis status channels source conferenceId callLegId } } }',
      }),
    floorPath: () => '/list?first=250',
  };
  rows.push(await measure(page, 'gateway, identity', gateway, 10, simulator));
  rows.push(
    await measure(
      { ...page, headers: { 'accept-encoding': 'br' } },
      'gateway, brotli',
      gateway,
      10,
      simulator,
    ),
  );
  rows.push(
    await measure(
      { ...page, headers: { 'accept-encoding': 'gzip' } },
      'gateway, gzip',
      gateway,
      10,
      simulator,
    ),
  );
  return rows;
}

const TRACING_OFF = 'gateway, tracing off';
/** The floor compresses nothing: this row pays for compression the floor does not do. */
const PRODUCTION = 'gateway, production (JWT users, server key, gzip/br)';

/**
 * What OpenTelemetry tracing costs on the headline queries: off, on at 100% and at 1% sampling
 * (parent-based ratio), exporting OTLP http/protobuf to a sink. The three alternate run by run,
 * so that the shared machine's drift falls on all of them alike.
 */
async function tracingRows(
  simulator: SimulatorProcess,
  base: Record<string, string>,
  headline: readonly Scenario[],
): Promise<Row[]> {
  const rows: Row[] = [];
  const sink = await startTraceSink();
  const traced = { ...base, CACHE_TTL_SECONDS: '0', OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint };
  // Tracing off in a process as young as the traced ones, warmed alike: the long-lived headline
  // gateway has served every other row (a heap and JIT state of its own) and would flatter them.
  const off = await startGatewayProcess({ ...base, CACHE_TTL_SECONDS: '0' });
  const all = await startGatewayProcess({ ...traced, OTEL_TRACES_SAMPLER_ARG: '1' });
  const some = await startGatewayProcess({ ...traced, OTEL_TRACES_SAMPLER_ARG: '0.01' });
  try {
    for (const scenario of headline) {
      for (const server of [off, all, some]) {
        await runLoad({
          url: server.url,
          connections: 10,
          seconds: WARM_UP_SECONDS,
          next: () => ({ method: 'POST', body: scenario.body() }),
        });
      }
      for (let run = 0; run < REPEATS; run += 1) {
        rows.push(await measure(scenario, TRACING_OFF, off, 10, simulator));
        rows.push(await measure(scenario, 'gateway, tracing 100%', all, 10, simulator));
        rows.push(await measure(scenario, 'gateway, tracing 1%', some, 10, simulator));
      }
    }
    console.log(`trace sink: ${sink.received.requests} exports, ${sink.received.bytes} bytes`);
  } finally {
    await off.stop();
    await all.stop();
    await some.stop();
    await sink.close();
  }
  return rows;
}

/** Tracing rows against tracing off, per scenario: mean answers/s and CPU per answer. */
function tracingSummary(rows: readonly Row[]): string {
  const mean = (list: readonly Row[], of: (row: Row) => number) =>
    list.reduce((sum, row) => sum + of(row), 0) / Math.max(1, list.length);
  return [...new Set(rows.filter((r) => r.target === TRACING_OFF).map((r) => r.scenario))]
    .map((scenario) => {
      const of = (target: string) =>
        rows.filter((r) => r.scenario === scenario && r.target === target);
      const off = of(TRACING_OFF);
      const offRate = mean(off, rate);
      const offCpu = mean(off, (r) => r.cpuMicrosPerAnswer ?? 0);
      const versus = ['gateway, tracing 100%', 'gateway, tracing 1%'].map((target) => {
        const on = of(target);
        const onRate = mean(on, rate);
        const onCpu = mean(on, (r) => r.cpuMicrosPerAnswer ?? 0);
        return `${target.replace('gateway, ', '')}: ${((onRate / offRate - 1) * 100).toFixed(1)}% answers/s, ${((onCpu / offCpu - 1) * 100).toFixed(1)}% CPU per answer`;
      });
      return `- ${scenario}: tracing off ${Math.round(offRate)}/s, ${Math.round(offCpu)} µs CPU per answer; ${versus.join('; ')}`;
    })
    .join('\n');
}

function writeResults(rows: readonly Row[], peakRss: number): void {
  const header =
    '| scenario | target | clients | answers/s | p50 ms | p99 ms | upstream calls per answer | vs floor (answers/s) | CPU µs per answer | gateway peak RSS MiB |\n' +
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|';
  const floorRate = (row: Row) => {
    const floors = rows.filter(
      (r) =>
        r.scenario === row.scenario && r.target === 'floor' && r.connections === row.connections,
    );
    return floors.length === 0 ? null : floors.reduce((sum, r) => sum + rate(r), 0) / floors.length;
  };
  const lines = rows.map((row) => {
    const floor = floorRate(row);
    const versus = floor && row.target !== 'floor' ? `${(rate(row) / floor).toFixed(2)}x` : '';
    const upstream = row.upstreamPerAnswer === null ? '' : row.upstreamPerAnswer.toFixed(1);
    return `| ${row.scenario} | ${row.target} | ${row.connections} | ${Math.round(rate(row))} | ${row.result.ok.p50} | ${row.result.ok.p99} | ${upstream} | ${versus} | ${row.cpuMicrosPerAnswer === null ? '' : Math.round(row.cpuMicrosPerAnswer)} | ${row.peakRssMiB ?? ''} |`;
  });
  const summary = [...new Set(rows.map((row) => row.scenario))]
    .flatMap((scenario) =>
      ['gateway', PRODUCTION].map((target) => {
        const gateways = rows.filter(
          (r) => r.scenario === scenario && r.target === target && r.connections === 10,
        );
        const floors = rows.filter(
          (r) => r.scenario === scenario && r.target === 'floor' && r.connections === 10,
        );
        if (gateways.length < 2 || floors.length < 2) return null;
        const ratios = gateways.map((g, i) => rate(g) / rate(floors[i] ?? g));
        const mean = ratios.reduce((sum, r) => sum + r, 0) / ratios.length;
        const cpu = (list: readonly Row[]) =>
          Math.round(list.reduce((sum, r) => sum + (r.cpuMicrosPerAnswer ?? 0), 0) / list.length);
        return (
          `- ${scenario}: ${target} / floor = ${mean.toFixed(2)} (runs: ${ratios.map((r) => r.toFixed(2)).join(', ')}); ` +
          `CPU per answer: ${target} ${cpu(gateways)} µs, floor ${cpu(floors)} µs`
        );
      }),
    )
    .filter((line) => line !== null)
    .join('\n');
  const anyPeak = Math.max(peakRss, ...rows.map((row) => row.peakRssMiB ?? 0));
  const text =
    `# Benchmark results (last run of \`npm run bench\`)\n\n` +
    `Machine: ${cpus().length} cores, Node ${process.version}; upstream latency ${LATENCY_MS} ms ` +
    `(simulator), ${SECONDS} s per row; simulator, floor and gateway each in a process of their ` +
    `own; the load generator is closed-loop; "answers/s" counts answers without errors. ` +
    `The gateway runs NODE_ENV=production, cache off unless the row says otherwise. ` +
    `${new Date().toISOString()}\n\n${header}\n${lines.join('\n')}\n\n` +
    `Headline ratios (10 clients):\n${summary}\n\n` +
    (rows.some((row) => row.target === TRACING_OFF)
      ? `Tracing against tracing off (mean of the runs):\n${tracingSummary(rows)}\n\n`
      : '') +
    `Gateway peak RSS over the whole run: ${peakRss} MiB ` +
    `(the gateway serving the headline rows; any gateway process in any row: ${anyPeak} MiB).\n`;
  writeFileSync(join(__dirname, 'RESULTS.md'), text);
  console.log(
    `\n${summary}\n${tracingSummary(rows)}\npeak gateway RSS ${peakRss} MiB\nwrote bench/RESULTS.md`,
  );
}

bench().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
