import { inspect } from 'node:util';
import { EnvReader } from '../../../src/config/env-reader';
import { readRedisTopology } from '../../../src/config/redis-config';

function read(env: Record<string, string>) {
  const reader = new EnvReader(env);
  const topology = readRedisTopology(reader);
  return { topology, problems: reader.problems };
}

describe('readRedisTopology', () => {
  it('reads no Redis when none of the three topologies is set', () => {
    expect(read({})).toEqual({ topology: null, problems: [] });
  });

  it('reads one server from REDIS_URL, credentials and TLS in the URL', () => {
    const { topology, problems } = read({ REDIS_URL: 'rediss://gw:secret@redis:6380' });
    expect(problems).toEqual([]);
    expect(topology).toMatchObject({ kind: 'single' });
    expect(topology?.kind === 'single' && topology.url.port).toBe('6380');
  });

  it('reads a cluster from seed nodes, with credentials it never shows', () => {
    const { topology, problems } = read({
      REDIS_CLUSTER_NODES: 'redis-0:7000, 10.0.0.2:7001,[::1]:7002',
      REDIS_USERNAME: 'gateway',
      REDIS_PASSWORD: 'pass-very-secret',
      REDIS_TLS: 'true',
    });
    expect(problems).toEqual([]);
    expect(topology).toMatchObject({
      kind: 'cluster',
      nodes: [
        { host: 'redis-0', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: '::1', port: 7002 },
      ],
      credentials: { username: 'gateway', tls: true },
    });
    expect(topology?.kind === 'cluster' && topology.credentials.password?.reveal()).toBe(
      'pass-very-secret',
    );
    for (const shown of [JSON.stringify(topology), inspect(topology)]) {
      expect(shown).not.toContain('pass-very-secret');
    }
  });

  it('reads Sentinel from the Sentinels and the master name', () => {
    const { topology, problems } = read({
      REDIS_SENTINELS: 's-0:26379,s-1:26379,s-2:26379',
      REDIS_SENTINEL_MASTER: 'recordings',
    });
    expect(problems).toEqual([]);
    expect(topology).toMatchObject({
      kind: 'sentinel',
      masterName: 'recordings',
      sentinels: [{ host: 's-0', port: 26379 }, { host: 's-1' }, { host: 's-2' }],
      credentials: { username: null, password: null, tls: false },
    });
  });

  it.each([
    [
      { REDIS_URL: 'redis://a:6379', REDIS_CLUSTER_NODES: 'b:7000' },
      'set one Redis topology, not REDIS_URL and REDIS_CLUSTER_NODES',
    ],
    [
      { REDIS_CLUSTER_NODES: 'b:7000', REDIS_SENTINELS: 's:26379', REDIS_SENTINEL_MASTER: 'm' },
      'set one Redis topology, not REDIS_CLUSTER_NODES and REDIS_SENTINELS',
    ],
    [
      { REDIS_CLUSTER_NODES: 'b:7000,c' },
      'REDIS_CLUSTER_NODES takes host:port items separated by commas (got "c")',
    ],
    [
      { REDIS_CLUSTER_NODES: 'b:70000' },
      'REDIS_CLUSTER_NODES takes host:port items separated by commas (got "b:70000")',
    ],
    [{ REDIS_CLUSTER_NODES: ' , ' }, 'REDIS_CLUSTER_NODES lists no host:port'],
    [
      { REDIS_SENTINELS: 's:26379' },
      "REDIS_SENTINELS needs REDIS_SENTINEL_MASTER (the master's name)",
    ],
    [{ REDIS_SENTINEL_MASTER: 'm' }, 'REDIS_SENTINEL_MASTER needs REDIS_SENTINELS'],
    [
      { REDIS_URL: 'redis://a:6379', REDIS_PASSWORD: 'x' },
      'REDIS_PASSWORD set with REDIS_URL: put the user, password and rediss: in the URL',
    ],
    [{ REDIS_TLS: 'true' }, 'REDIS_TLS set without REDIS_CLUSTER_NODES or REDIS_SENTINELS'],
    [{ REDIS_URL: 'http://a:6379' }, 'REDIS_URL must be a redis: or rediss: URL'],
  ])('refuses %j: %s', (env, problem) => {
    expect(read(env).problems).toContain(problem);
  });
});
