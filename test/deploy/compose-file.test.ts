import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig, loadSimulatorConfig } from '../../src/config/config';
import { COMPOSE_SUPERGRAPH_PATH } from '../../scripts/compose-supergraph';
import { composeSupergraph } from '../support/start-supergraph';

// compose.yaml is tried by hand with podman-compose (docs/deployment.md); this checks what can go
// stale without anyone running it: the services' wiring, their settings, the router's supergraph.
const root = join(__dirname, '..', '..');

interface Service {
  image: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  deploy?: { replicas?: number };
  read_only?: boolean;
}

const compose = parse(readFileSync(join(root, 'compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};

function service(name: string): Service {
  const found = compose.services[name];
  if (!found) throw new Error(`no service ${name} in compose.yaml`);
  return found;
}

const gateway = service('gateway');
const simulator = service('simulator');
const router = service('router');

describe('compose.yaml', () => {
  it('runs the router, two gateway replicas, Redis and the simulator', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'gateway',
      'redis',
      'router',
      'simulator',
    ]);
    expect(gateway.deploy?.replicas).toBe(2);
    expect(gateway.read_only).toBe(true);
    // Ours built here; the others official and pinned to a release.
    expect(gateway.build).toBe('.');
    expect(simulator.image).toBe(gateway.image);
    expect(simulator.command).toEqual(['dist/run-simulator.js']);
    expect(router.image).toMatch(/^ghcr\.io\/graphql-hive\/gateway:\d+\.\d+\.\d+$/);
    expect(service('redis').image).toMatch(/^docker\.io\/library\/redis:\d+\.\d+\.\d+-/);
  });

  it('gives the replicas a production configuration they accept, wired to the other services', () => {
    const config = loadConfig(gateway.environment ?? {});
    const upstream = loadSimulatorConfig(simulator.environment ?? {});
    expect(config.production).toBe(true);
    expect(config.upstreamUrl?.href).toBe(`http://simulator:${upstream.port}/v2`);
    expect(config.upstreamApiKey?.reveal()).toBe(upstream.apiKey.reveal());
    expect(upstream.host).toBe('0.0.0.0');
    expect(config.redis).toMatchObject({ kind: 'single', url: new URL('redis://redis:6379') });
  });

  it('serves the router a current supergraph that routes to the gateway service', () => {
    const port = loadConfig(gateway.environment ?? {}).port;
    const mounts = (router.volumes ?? []).map((volume) => volume.split(':'));
    for (const [source] of mounts) expect(existsSync(join(root, source ?? ''))).toBe(true);
    expect(mounts.map(([source]) => source)).toContain('./deploy/compose/supergraph.graphql');
    const { supergraphSdl } = composeSupergraph({
      recordings: new URL(`http://gateway:${port}/graphql`),
    });
    // Stale after a schema change: `npm run compose:supergraph` rewrites it.
    expect(readFileSync(COMPOSE_SUPERGRAPH_PATH, 'utf8')).toBe(`${supergraphSdl}\n`);
  });
});
