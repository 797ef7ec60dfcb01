import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../test/support/free-port';

// `npm run image:test`: builds the Dockerfile with podman and tries the image as a deployment
// would run it: read-only root with no tmpfs, every capability dropped, production mode, against
// the simulator (the same image, dist/run-simulator.js) as its upstream. Checks user, labels,
// size, contents, the refusal without UPSTREAM_URL, readiness, a query, the HEALTHCHECK and the
// exit on SIGTERM, and prints the measurements. About 2.5 minutes, most of it the build.
// IMAGE names the tag (default localhost/recordings-graph:test).

const root = join(__dirname, '..');
const image = process.env['IMAGE'] ?? 'localhost/recordings-graph:test';
// podman's settings for this machine (runc, cgroupfs, no default ulimits), unless the caller
// chose a file of their own.
const env = {
  ...process.env,
  CONTAINERS_CONF: process.env['CONTAINERS_CONF'] ?? join(root, 'deploy/podman/containers.conf'),
};
const MAX_GROWTH_MB = 150;
const UPSTREAM_LATENCY_MS = 300;
const DEV_PACKAGES = [
  'jest',
  'typescript',
  'puppeteer-core',
  '@graphql-codegen',
  '@swc',
  'eslint',
  'prettier',
  'esbuild',
];
const failures: string[] = [];
const measured: Record<string, string> = {};

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function podman(args: readonly string[]): Run {
  const result = spawnSync('podman', args, { env, encoding: 'utf8', cwd: root });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

function must(args: readonly string[]): string {
  const run = podman(args);
  if (run.status !== 0) {
    throw new Error(`podman ${args.join(' ')} failed (${String(run.status)}):\n${run.stderr}`);
  }
  return run.stdout;
}

function check(name: string, ok: boolean, detail = ''): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'}  ${name}${detail ? `: ${detail}` : ''}`);
  if (!ok) failures.push(name);
}

function seconds(since: bigint): string {
  return `${(Number(process.hrtime.bigint() - since) / 1e9).toFixed(2)} s`;
}

function git(args: readonly string[]): string | null {
  const result = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** The base image the Dockerfile pins. */
function baseImage(): string {
  const match = /^ARG NODE_IMAGE=(\S+)$/m.exec(readFileSync(join(root, 'Dockerfile'), 'utf8'));
  if (!match?.[1]) throw new Error('Dockerfile: no ARG NODE_IMAGE=<image> line');
  return match[1];
}

/** The pinned base; a machine that cannot pull it may hold a stand-in of the same Node release. */
function ensureBase(): void {
  const base = baseImage();
  if (podman(['image', 'exists', base]).status === 0) return;
  if (podman(['pull', '-q', base]).status === 0) return;
  const standIn = 'docker.io/library/node:20-bookworm-slim';
  const release = /node:(\d+\.\d+\.\d+)-/.exec(base)?.[1];
  if (podman(['image', 'exists', standIn]).status === 0 && release) {
    const version = must(['run', '--rm', standIn, 'node', '--version']);
    if (version === `v${release}`) {
      must(['tag', standIn, base]);
      console.log(`note  ${base} not pullable: tagged the local stand-in (Node ${version})`);
      return;
    }
  }
  throw new Error(
    `cannot pull ${base}; where the registry is unreachable, build a stand-in with ` +
      `../shared/tools/node-base-image.sh (Node ${release ?? '?'}), or run podman build ` +
      `with --build-arg NODE_IMAGE=<an image you have>`,
  );
}

async function waitReady(url: URL, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

async function postGraphQL(url: URL, query: string): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return response.json();
}

/** What the build is told about itself: build arguments the Dockerfile turns into OCI labels. */
function buildFacts(): Record<string, string> {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  const facts: Record<string, string> = { VERSION: version };
  const revision = git(['rev-parse', 'HEAD']);
  if (revision) facts['REVISION'] = revision;
  // Only a public address: a clone's origin may be a local path.
  const source = git(['remote', 'get-url', 'origin']);
  if (source && /^(https:\/\/|git@)/.test(source)) facts['SOURCE_URL'] = source;
  return facts;
}

const LABEL_OF: Readonly<Record<string, string>> = {
  VERSION: 'org.opencontainers.image.version',
  REVISION: 'org.opencontainers.image.revision',
  SOURCE_URL: 'org.opencontainers.image.source',
};

function build(): void {
  const started = process.hrtime.bigint();
  const args = ['build', '--format', 'docker', '-t', image];
  for (const [name, value] of Object.entries(buildFacts())) {
    // podman 4.3 reuses a cached LABEL step whatever the build argument's value: --label too.
    args.push('--build-arg', `${name}=${value}`, '--label', `${LABEL_OF[name] ?? name}=${value}`);
  }
  const result = spawnSync('podman', [...args, '.'], { env, cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('podman build failed');
  measured['build'] = seconds(started);
}

function inspectImage(): void {
  const format = '{{.Size}}|{{.Config.User}}|{{json .Config.Labels}}|{{json .Config.Env}}';
  const [size, user, labels, envList] = must(['image', 'inspect', image, '--format', format]).split(
    '|',
  );
  const baseSize = Number(must(['image', 'inspect', baseImage(), '--format', '{{.Size}}']));
  const growthMb = (Number(size) - baseSize) / 1e6;
  measured['image size'] =
    `${(Number(size) / 1e6).toFixed(1)} MB (base ${(baseSize / 1e6).toFixed(1)} MB, +${growthMb.toFixed(1)} MB)`;
  check(
    `at most ${MAX_GROWTH_MB} MB above the base`,
    growthMb <= MAX_GROWTH_MB,
    `+${growthMb.toFixed(1)} MB`,
  );
  check('runs as a numeric non-root user', /^[1-9]\d*(:\d+)?$/.test(user ?? ''), user);
  const labelSet = JSON.parse(labels ?? '{}') as Record<string, string>;
  for (const key of ['source', 'version', 'licenses', 'revision']) {
    const value = labelSet[`org.opencontainers.image.${key}`];
    check(`label org.opencontainers.image.${key}`, Boolean(value), value);
  }
  const revision = buildFacts()['REVISION'];
  if (revision) {
    const label = labelSet['org.opencontainers.image.revision'];
    check('revision label is this commit', label === revision, label);
  }
  const envs = JSON.parse(envList ?? '[]') as string[];
  for (const wanted of [
    'NODE_ENV=production',
    'MALLOC_MMAP_THRESHOLD_=1048576',
    'MALLOC_TRIM_THRESHOLD_=1048576',
  ]) {
    check(`ENV ${wanted}`, envs.includes(wanted));
  }
  const listing = must([
    'run',
    '--rm',
    '--entrypoint',
    'node',
    image,
    '-e',
    "const fs=require('fs');console.log(JSON.stringify({app:fs.readdirSync('.'),modules:fs.readdirSync('node_modules')}))",
  ]);
  const { app, modules } = JSON.parse(listing) as { app: string[]; modules: string[] };
  check(
    'only dist/, node_modules/ and package.json in /app',
    app.sort().join(',') === 'dist,node_modules,package.json',
    app.join(' '),
  );
  const dev = DEV_PACKAGES.filter((name) => modules.includes(name));
  check('no development packages', dev.length === 0, dev.join(' '));
}

function refusesWithoutUpstream(): void {
  const run = podman(['run', '--rm', '--read-only', '--read-only-tmpfs=false', image]);
  check(
    'refuses to start without UPSTREAM_URL, naming it',
    run.status === 1 && run.stderr.includes('needs UPSTREAM_URL'),
    `exit ${String(run.status)}`,
  );
}

async function runsAndStops(names: {
  network: string;
  simulator: string;
  gateway: string;
}): Promise<void> {
  const key = 'image-test-key';
  const hardened = [
    '--read-only',
    '--read-only-tmpfs=false',
    '--cap-drop=all',
    '--security-opt=no-new-privileges',
  ];
  must(['network', 'create', names.network]);
  must([
    'run',
    '-d',
    '--name',
    names.simulator,
    '--network',
    names.network,
    ...hardened,
    '-e',
    'SIMULATOR_HOST=0.0.0.0',
    // Slow enough that a query is still waiting on the upstream when SIGTERM arrives.
    '-e',
    `SIMULATOR_LATENCY_MS=${UPSTREAM_LATENCY_MS}`,
    '-e',
    'SIMULATOR_PORT=4010',
    '-e',
    `SIMULATOR_API_KEY=${key}`,
    image,
    'dist/run-simulator.js',
  ]);
  const simulatorIp = must([
    'inspect',
    names.simulator,
    '--format',
    '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}',
  ]);
  const port = await freePort();
  const started = process.hrtime.bigint();
  must([
    'run',
    '-d',
    '--name',
    names.gateway,
    '--network',
    names.network,
    ...hardened,
    '-p',
    `127.0.0.1:${port}:4000`,
    '-e',
    `UPSTREAM_URL=http://${simulatorIp}:4010/v2`,
    '-e',
    `UPSTREAM_API_KEY=${key}`,
    // No identity provider here; the gateway warns that anyone reaching the port uses the key.
    '-e',
    'AUTH_DISABLED=true',
    image,
  ]);
  const base = new URL(`http://127.0.0.1:${port}`);
  const ready = await waitReady(new URL('/health/ready', base), 30_000);
  measured['start to ready'] = seconds(started);
  check('answers 200 on /health/ready', ready);
  const graphql = new URL('/graphql', base);
  const answer = await postGraphQL(graphql, '{ recordings(first: 2) { totalCount } }');
  check(
    'answers a query from its upstream',
    JSON.stringify(answer) === '{"data":{"recordings":{"totalCount":300}}}',
    JSON.stringify(answer),
  );
  const introspection = JSON.stringify(
    await postGraphQL(graphql, '{ __schema { queryType { name } } }'),
  );
  check('production mode (introspection refused)', !introspection.includes('"Query"'));
  check('HEALTHCHECK passes', podman(['healthcheck', 'run', names.gateway]).status === 0);
  const uid = must(['exec', names.gateway, 'node', '-p', 'process.getuid()']);
  check('process runs as uid 1000', uid === '1000', uid);
  const cmdline = must([
    'exec',
    names.gateway,
    'node',
    '-p',
    "require('fs').readFileSync('/proc/1/cmdline','utf8').split('\\0').join(' ')",
  ]);
  check(
    'node is PID 1 with --max-semi-space-size=8',
    cmdline.startsWith('node --max-semi-space-size=8 dist/main.js'),
    cmdline,
  );
  // SIGTERM while a query waits on the upstream: it is answered, then the process exits.
  // A list the earlier query did not cache.
  const inFlight = postGraphQL(graphql, '{ conferences(first: 1) { totalCount } }');
  await new Promise((resolve) => setTimeout(resolve, 100));
  const stopping = process.hrtime.bigint();
  await promisify(execFile)('podman', ['stop', '-t', '10', names.gateway], { env });
  measured['SIGTERM to exit'] =
    `${seconds(stopping)} (a query in flight, upstream ${UPSTREAM_LATENCY_MS} ms)`;
  const drained = JSON.stringify(await inFlight.catch((error: unknown) => String(error)));
  check(
    'answers the query in flight at SIGTERM',
    drained === '{"data":{"conferences":{"totalCount":40}}}',
    drained,
  );
  const exitCode = must(['inspect', names.gateway, '--format', '{{.State.ExitCode}}']);
  const logs = podman(['logs', names.gateway]);
  check(
    'exits 0 on SIGTERM after draining',
    exitCode === '0' && logs.stdout.includes('draining in-flight requests'),
    `exit ${exitCode}`,
  );
}

async function main(): Promise<void> {
  if (spawnSync('podman', ['--version'], { env }).status !== 0) {
    throw new Error('podman not found (Debian: apt-get install podman runc)');
  }
  const runc = ['/usr/sbin/runc', '/usr/bin/runc'].some((path) => existsSync(path));
  if (env.CONTAINERS_CONF.endsWith('deploy/podman/containers.conf') && !runc) {
    throw new Error(
      'deploy/podman/containers.conf runs containers with runc: apt-get install runc, or set CONTAINERS_CONF to your own podman settings',
    );
  }
  ensureBase();
  build();
  inspectImage();
  refusesWithoutUpstream();
  const suffix = `rg-image-test-${process.pid}`;
  const names = { network: suffix, simulator: `${suffix}-simulator`, gateway: `${suffix}-gateway` };
  try {
    await runsAndStops(names);
  } finally {
    podman(['rm', '-f', '-t', '0', names.gateway, names.simulator]);
    podman(['network', 'rm', '-f', names.network]);
  }
  console.log('');
  for (const [name, value] of Object.entries(measured)) console.log(`${name.padEnd(16)} ${value}`);
  if (failures.length > 0) {
    console.error(`\n${failures.length} check(s) failed: ${failures.join('; ')}`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
