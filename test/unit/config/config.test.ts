import { inspect } from 'node:util';
import { ConfigError, loadConfig } from '../../../src/config/config';

describe('loadConfig', () => {
  it('defaults to port 4000, the embedded simulator and forwarded client tokens', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 4000,
      upstreamUrl: null,
      upstreamApiKey: null,
      upstreamTimeoutMs: 5000,
      production: false,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads the upstream URL and key, and never shows the key', () => {
    const config = loadConfig({
      UPSTREAM_URL: 'https://api.example.com/v2',
      UPSTREAM_API_KEY: 'KEY-very-secret',
      NODE_ENV: 'production',
    });
    expect(config.upstreamUrl?.href).toBe('https://api.example.com/v2');
    expect(config.upstreamApiKey?.reveal()).toBe('KEY-very-secret');
    expect(config.production).toBe(true);
    for (const shown of [JSON.stringify(config), inspect(config), String(config.upstreamApiKey)]) {
      expect(shown).not.toContain('KEY-very-secret');
    }
  });

  it('lists every invalid setting in one clear error', () => {
    expect(() =>
      loadConfig({ PORT: 'eighty', UPSTREAM_URL: 'ftp://x', UPSTREAM_TIMEOUT_MS: '0' }),
    ).toThrow(
      new ConfigError([
        'UPSTREAM_URL must be a http: or https: URL',
        'PORT must be an integer from 0 to 65535 (got "eighty")',
        'UPSTREAM_TIMEOUT_MS must be an integer from 1 to 120000 (got "0")',
      ]),
    );
  });

  it('refuses credentials embedded in the upstream URL without echoing them', () => {
    try {
      loadConfig({ UPSTREAM_URL: 'https://user:hunter2@api.example.com/v2' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('refuses production without an upstream, naming the way to run on fake data on purpose', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /NODE_ENV=production needs UPSTREAM_URL.*UPSTREAM_SIMULATOR=true/s,
    );
    const demo = loadConfig({ NODE_ENV: 'production', UPSTREAM_SIMULATOR: 'true' });
    expect(demo.embeddedSimulator).toBe(true);
    expect(demo.warnings).toContain(
      'UPSTREAM_SIMULATOR=true in production: serving the simulator’s fake data',
    );
  });

  it('refuses an unknown NODE_ENV and conflicting upstream settings', () => {
    expect(() => loadConfig({ NODE_ENV: 'prod' })).toThrow(/NODE_ENV must be one of/);
    expect(() =>
      loadConfig({ UPSTREAM_SIMULATOR: 'true', UPSTREAM_URL: 'https://api.example.com/v2' }),
    ).toThrow(/exclude each other/);
  });

  it('warns about an upstream URL without a version path and public metrics in production', () => {
    const config = loadConfig({ NODE_ENV: 'production', UPSTREAM_URL: 'https://api.example.com' });
    expect(config.warnings).toEqual([
      'UPSTREAM_URL does not end with a version path such as /v2; readiness checks it answers',
      '/metrics is served on the public port; set METRICS_PORT to serve it internally',
    ]);
  });
});
