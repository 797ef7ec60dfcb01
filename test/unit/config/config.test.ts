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
        'PORT must be an integer from 0 to 65535 (got "eighty")',
        'UPSTREAM_URL must be a http: or https: URL',
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
});
