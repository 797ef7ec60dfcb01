import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startSimulator } from '../src/simulator/simulator-server';
import { startGatewayProcess } from './gateway-process';

// `npm run bench:profile`: CPU profile of the compiled gateway (node --cpu-prof) under the
// recording(id) load, then the top functions by self time, grouped by package.

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

function where(url: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.includes('/dist/')) return `gateway:${url.slice(url.indexOf('/dist/') + 6)}`;
  return url.startsWith('node:') ? url : url === '' ? '(native/idle)' : url;
}

async function profile(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-profile-'));
  const simulator = await startSimulator({ apiKeys: ['profile-key'], latencyMs: 5 });
  const gateway = await startGatewayProcess(
    {
      UPSTREAM_URL: simulator.baseUrl.href,
      UPSTREAM_API_KEY: 'profile-key',
      CACHE_TTL_SECONDS: '0',
    },
    ['--cpu-prof', `--cpu-prof-dir=${dir}`],
  );
  const ids = simulator.dataset.recordings.map((r) => r.id);
  let next = 0;
  const result = await autocannon({
    url: gateway.url.origin,
    connections: 4,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        path: '/graphql',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({
            query:
              'query ($id: ID!) { recording(id: $id) { id recordType createdAt durationMillis status channels source conferenceId downloadUrls { mp3 wav } } }',
            variables: { id: ids[next++ % ids.length] },
          }),
        }),
      },
    ],
  });
  await gateway.stop();
  await simulator.close();

  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  const data = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
  const byId = new Map(data.nodes.map((node) => [node.id, node]));
  const selfByFunction = new Map<string, number>();
  const selfByPlace = new Map<string, number>();
  let total = 0;
  data.samples.forEach((id, index) => {
    const node = byId.get(id);
    const micros = data.timeDeltas[index] ?? 0;
    if (!node) return;
    total += micros;
    const { functionName, url, lineNumber } = node.callFrame;
    const fn = `${functionName || '(anonymous)'} ${where(url)}:${lineNumber + 1}`;
    selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + micros);
    const place =
      functionName === '(idle)' ||
      functionName === '(program)' ||
      functionName === '(garbage collector)'
        ? functionName
        : where(url);
    selfByPlace.set(place, (selfByPlace.get(place) ?? 0) + micros);
  });
  const top = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, micros]) => `  ${((100 * micros) / total).toFixed(1).padStart(5)}%  ${name}`)
      .join('\n');
  console.log(
    `recording(id) at 4 connections for ${SECONDS}s: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms`,
  );
  console.log(
    `profile: ${join(dir, file)}\n\nself time by place:\n${top(selfByPlace, 15)}\n\nhottest functions:\n${top(selfByFunction, 20)}`,
  );
}

profile().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
