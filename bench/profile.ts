import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGatewayProcess } from './gateway-process';
import { startJwksServer } from './jwks-server';
import { runLoad } from './load-generator';
import { startSimulatorProcess } from './processes';

// `npm run bench:profile`: where the gateway's CPU goes when CPU is the limit. The compiled
// gateway runs under `node --cpu-prof` against the simulator (its own process, 5 ms away unless
// PROFILE_UPSTREAM_LATENCY_MS), cache off, at PROFILE_CONNECTIONS (20) clients, for each query
// (PROFILE_ONLY picks one); the summary lists self and inclusive time by package and the hottest
// functions. PROFILE_KEEP=<file> also writes the profile (after start-up) there, for Chrome's
// DevTools or a closer look.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const SECONDS = Number(process.env['PROFILE_SECONDS'] ?? 8);
const CONNECTIONS = Number(process.env['PROFILE_CONNECTIONS'] ?? 20);
// An internet-distance upstream (e.g. 200) shows the cost of many requests held open at once.
const UPSTREAM_LATENCY_MS = process.env['PROFILE_UPSTREAM_LATENCY_MS'] ?? '5';
const API_KEY = 'profile-key';
// Rows per table (PROFILE_TOP): more to follow a cost through the gateway's own files.
const TOP = Number(process.env['PROFILE_TOP'] ?? 15);

const QUERIES: Record<string, (id: string) => string> = {
  'recording(id)': (id) =>
    JSON.stringify({
      query: 'query ($id: ID!) { recording(id: $id) { id status channels durationMillis } }',
      variables: { id },
    }),
  'recordings(first: 50)': () =>
    JSON.stringify({
      query: '{ recordings(first: 50) { nodes { id status channels durationMillis createdAt } } }',
    }),
  'recordings(first: 50) with conference': () =>
    JSON.stringify({
      query: '{ recordings(first: 50) { nodes { id durationMillis conference { id name } } } }',
    }),
  '250 recordings + conference + callLeg links': () =>
    JSON.stringify({
      query:
        '{ recordings(first: 250) { nodes { id conference { name status } callLeg { id recordings(first: 5) { totalCount } } } } }',
    }),
};

// PROFILE_PRODUCTION=true: what production runs (20 users' JWTs verified against a local JWKS,
// server key, accept-encoding gzip, br), as the bench's production rows.
const PRODUCTION = process.env['PROFILE_PRODUCTION'] === 'true';

function where(url: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.includes('/dist/')) return `gateway:${url.slice(url.indexOf('/dist/') + 6)}`;
  return url.startsWith('node:') ? url : url === '' ? '(native)' : url;
}

/** Drops the samples taken before `skipMs` into the profile: start-up is not the subject. */
function afterStartup(data: Profile, skipMs: number): Profile {
  let elapsed = 0;
  let first = data.samples.length;
  for (let index = 0; index < data.samples.length; index += 1) {
    elapsed += (data.timeDeltas[index] ?? 0) / 1000;
    if (elapsed >= skipMs) {
      first = index;
      break;
    }
  }
  return {
    ...data,
    samples: data.samples.slice(first),
    timeDeltas: data.timeDeltas.slice(first),
  };
}

function summarise(data: Profile): string {
  const byId = new Map(data.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of data.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const selfByFunction = new Map<string, number>();
  const selfByPlace = new Map<string, number>();
  const totalByPlace = new Map<string, number>();
  let total = 0;
  let idle = 0;
  data.samples.forEach((id, index) => {
    const node = byId.get(id);
    const micros = data.timeDeltas[index] ?? 0;
    if (!node) return;
    total += micros;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += micros;
      return;
    }
    const fn = `${functionName || '(anonymous)'} ${where(url)}:${lineNumber + 1}`;
    selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + micros);
    const special = ['(program)', '(garbage collector)'].includes(functionName);
    const place = special ? functionName : where(url);
    selfByPlace.set(place, (selfByPlace.get(place) ?? 0) + micros);
    // Inclusive: every package on the stack, once.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame || frame.functionName === '(root)') continue;
      seen.add(where(frame.url));
    }
    for (const name of seen) totalByPlace.set(name, (totalByPlace.get(name) ?? 0) + micros);
  });
  const busy = total - idle;
  const top = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, micros]) => `  ${((100 * micros) / busy).toFixed(1).padStart(5)}%  ${name}`)
      .join('\n');
  return (
    `busy ${((100 * busy) / total).toFixed(0)}% of the time (percentages below are of busy time)\n\n` +
    `self time by package:\n${top(selfByPlace, TOP)}\n\n` +
    `inclusive time by package:\n${top(totalByPlace, TOP)}\n\n` +
    `hottest functions (self):\n${top(selfByFunction, TOP + 10)}`
  );
}

async function profile(name: string, body: (id: string) => string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-profile-'));
  const simulator = await startSimulatorProcess(API_KEY, {
    SIMULATOR_LATENCY_MS: UPSTREAM_LATENCY_MS,
  });
  const jwks = await startJwksServer();
  const tokens = await Promise.all(
    Array.from({ length: 20 }, (_, user) => jwks.token('recordings:read', `user-${user}`)),
  );
  let nextToken = 0;
  const headers = (): Record<string, string> =>
    PRODUCTION
      ? {
          authorization: `Bearer ${tokens[nextToken++ % tokens.length] ?? ''}`,
          'accept-encoding': 'gzip, br',
        }
      : {};
  const spawned = Date.now();
  const gateway = await startGatewayProcess(
    {
      UPSTREAM_URL: simulator.url.href,
      UPSTREAM_API_KEY: API_KEY,
      ...(PRODUCTION ? { AUTH_DISABLED: 'false', ...jwks.env } : { AUTH_DISABLED: 'true' }),
      CACHE_TTL_SECONDS: '0',
      LOG_LEVEL: 'warn',
      ...(JSON.parse(process.env['BENCH_GATEWAY_ENV'] ?? '{}') as Record<string, string>),
    },

    ['--cpu-prof', `--cpu-prof-dir=${dir}`],
  );
  const ids = (
    (await (
      await fetch(`${simulator.url.href}/recordings?page%5Bsize%5D=250`, {
        headers: { authorization: `Bearer ${API_KEY}` },
      })
    ).json()) as { data: { id: string }[] }
  ).data.map((row) => row.id);
  let next = 0;
  // Warm up for a second, then profile from there on.
  await runLoad({
    url: gateway.url,
    connections: CONNECTIONS,
    seconds: 1,
    next: () => ({
      method: 'POST',
      body: body(ids[next++ % ids.length] ?? ''),
      headers: headers(),
    }),
  });
  const skipMs = Date.now() - spawned;
  const result = await runLoad({
    url: gateway.url,
    connections: CONNECTIONS,
    seconds: SECONDS,
    next: () => ({
      method: 'POST',
      body: body(ids[next++ % ids.length] ?? ''),
      headers: headers(),
    }),
  });
  await gateway.stop();
  await simulator.stop();
  await jwks.stop();
  const file = readdirSync(dir).find((entry) => entry.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  const data = afterStartup(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile, skipMs);

  if (process.env['PROFILE_KEEP']) writeFileSync(process.env['PROFILE_KEEP'], JSON.stringify(data));
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `\n=== ${name} at ${CONNECTIONS} clients for ${SECONDS} s: ` +
      `${Math.round(result.ok.count / result.seconds)} answers/s, p50 ${result.ok.p50} ms\n`,
  );
  console.log(summarise(data));
}

async function main(): Promise<void> {
  const only = process.env['PROFILE_ONLY'];
  for (const [name, body] of Object.entries(QUERIES)) {
    if (!only || name.includes(only)) await profile(name, body);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
