import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator } from '../src/simulator/simulator-server';
import { startGatewayProcess } from './gateway-process';

// `npm run soak`: minutes of mixed queries against the compiled gateway, with upstream faults on,
// on loopback only. Bounded by SOAK_SECONDS (default 120) and SOAK_MAX_REQUESTS (default 500000).
// Prints requests served, outcomes by error code, gateway RSS at start and end, and whether the
// gateway process stayed up.

const SECONDS = Number(process.env['SOAK_SECONDS'] ?? 120);
const MAX_REQUESTS = Number(process.env['SOAK_MAX_REQUESTS'] ?? 500_000);
const CONCURRENCY = Number(process.env['SOAK_CONCURRENCY'] ?? 16);
const API_KEY = 'soak-key';

interface Operation {
  readonly name: string;
  readonly query: string;
  readonly variables: () => Record<string, unknown>;
}

async function soak(): Promise<void> {
  const simulator = await startSimulator({ apiKeys: [API_KEY], latencyMs: 2 });
  for (const fault of [
    { kind: 'status', status: 503, rate: 0.05, route: 'GET /recordings/{id}' },
    { kind: 'status', status: 429, retryAfterSeconds: 0, rate: 0.02 },
    { kind: 'garbage', rate: 0.02, route: 'GET /conferences/{id}' },
    { kind: 'invalid', rate: 0.01, route: 'GET /recordings' },
    { kind: 'truncate', rate: 0.01 },
    { kind: 'reset', rate: 0.01 },
    { kind: 'hang', rate: 0.002 },
    { kind: 'latency', latencyMs: 40, rate: 0.05 },
  ] as const) {
    simulator.faults.add(fault);
  }
  const gateway = await startGatewayProcess(
    {
      UPSTREAM_URL: simulator.baseUrl.href,
      UPSTREAM_API_KEY: API_KEY,
      AUTH_DISABLED: 'true',
      UPSTREAM_TIMEOUT_MS: '500',
      UPSTREAM_DEADLINE_MS: '2000',
      // Cache off by default so every request meets the faulty upstream; SOAK_CACHE=1 keeps it.
      CACHE_TTL_SECONDS: process.env['SOAK_CACHE'] === '1' ? '60' : '0',
    },
    [],
    true,
  );
  const ids = simulator.dataset.recordings.map((r) => r.id);
  const conferences = simulator.dataset.conferences.map((c) => c.id);
  const legs = [...new Set(simulator.dataset.recordings.map((r) => r.call_leg_id))].filter(Boolean);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
  const operations: Operation[] = [
    {
      name: 'recording',
      query: 'query ($id: ID!) { recording(id: $id) { id durationMillis conference { name } } }',
      variables: () => ({ id: pick(ids) }),
    },
    {
      name: 'page',
      query:
        'query ($first: Int) { recordings(first: $first) { totalCount nodes { id conference { name status } callLeg { id } } } }',
      variables: () => ({ first: 10 + Math.floor(Math.random() * 90) }),
    },
    {
      name: 'conference',
      query:
        'query ($id: ID!) { conference(id: $id) { name recordings(first: 20) { totalCount nodes { id } } } }',
      variables: () => ({ id: pick(conferences) }),
    },
    {
      name: 'callLeg',
      query: 'query ($id: ID!) { callLeg(id: $id) { recordings { totalCount } } }',
      variables: () => ({ id: pick(legs) }),
    },
    {
      name: 'hostile',
      query:
        '{ recordings(first: 250) { nodes { callLeg { recordings(first: 250) { totalCount } } } } }',
      variables: () => ({}),
    },
    { name: 'bad id', query: '{ recording(id: "../x") { id } }', variables: () => ({}) },
  ];

  await sleep(200);
  const rssStart = gateway.rssMiB();
  const outcomes = new Map<string, number>();
  const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  let served = 0;
  let sent = 0;
  const deadline = Date.now() + SECONDS * 1000;

  const worker = async (): Promise<void> => {
    while (Date.now() < deadline && sent < MAX_REQUESTS && gateway.alive()) {
      sent += 1;
      const operation = pick(operations);
      try {
        const response = await fetch(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: operation.query, variables: operation.variables() }),
          signal: AbortSignal.timeout(10_000),
        });
        const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
        served += 1;
        if (!body.errors?.length) count('ok');
        for (const error of body.errors ?? []) count(error.extensions?.code ?? 'NO_CODE');
      } catch (error) {
        count(`CLIENT_${error instanceof Error ? error.name : 'ERROR'}`);
      }
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (Date.now() - started) / 1000;
  const rssEnd = gateway.rssMiB();
  const alive = gateway.alive();

  console.log(`soak: ${SECONDS}s budget, ${CONCURRENCY} concurrent clients, loopback only`);
  console.log(
    `requests sent ${sent}, served ${served} (${Math.round(served / seconds)}/s over ${seconds.toFixed(1)}s)`,
  );
  console.log(`upstream requests ${simulator.requests.length}`);
  console.log('outcomes (responses without errors, then errors by code):');
  for (const [key, value] of [...outcomes].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${key.padEnd(26)} ${value}`);
  }
  console.log(`gateway RSS start ${rssStart} MiB, end ${rssEnd} MiB`);
  console.log(`gateway process stayed up: ${alive ? 'yes' : 'NO'}`);
  const exitCode = await gateway.stop();
  console.log(`gateway exit code after SIGTERM: ${String(exitCode)}`);
  const logs = gateway.output();
  const signatures = simulator.dataset.recordings.map(
    (r) => new URL(r.download_urls.mp3).searchParams.get('X-Amz-Signature') ?? '',
  );
  const leaked = [API_KEY, ...signatures].filter((secret) => logs.includes(secret));
  console.log(
    `gateway log lines ${logs.split('\n').length - 1}; secrets found in them: ${leaked.length}`,
  );
  if (leaked.length > 0) process.exitCode = 1;
  await simulator.close();
  if (!alive) process.exitCode = 1;
}

soak().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
