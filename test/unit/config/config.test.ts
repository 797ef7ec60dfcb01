import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      AUTH_DISABLED: 'true',
    });
    expect(config.upstreamUrl?.href).toBe('https://api.example.com/v2');
    expect(config.upstreamApiKey?.reveal()).toBe('KEY-very-secret');
    expect(config.production).toBe(true);
    for (const shown of [JSON.stringify(config), inspect(config), String(config.upstreamApiKey)]) {
      expect(shown).not.toContain('KEY-very-secret');
    }
  });

  it('caps heap growth at 50% past the live heap unless told otherwise', () => {
    expect(loadConfig({}).heapGrowthPercent).toBe(50);
    expect(loadConfig({ HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).toBe(0);
    expect(() => loadConfig({ HEAP_GROWTH_PERCENT: '1000' })).toThrow(
      'HEAP_GROWTH_PERCENT must be an integer from 0 to 300 (got "1000")',
    );
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

  it('refuses a production server key without end-user authentication, naming the AUTH_ variables', () => {
    const production = {
      NODE_ENV: 'production',
      UPSTREAM_URL: 'https://api.example.com/v2',
      UPSTREAM_API_KEY: 'k',
    };
    expect(() => loadConfig(production)).toThrow(
      /set AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE.*or AUTH_DISABLED=true/s,
    );
    const disabled = loadConfig({ ...production, AUTH_DISABLED: 'true' });
    expect(disabled.auth).toBeNull();
    expect(disabled.warnings).toContain(
      'AUTH_DISABLED=true: anyone who reaches this port acts with the server API key',
    );
    const verified = loadConfig({
      ...production,
      AUTH_JWKS_URL: 'https://id.example.com/.well-known/jwks.json',
      AUTH_ISSUER: 'https://id.example.com/',
      AUTH_AUDIENCE: 'recordings',
    });
    expect(verified.auth).toMatchObject({
      issuer: 'https://id.example.com/',
      audience: 'recordings',
      algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
      clockToleranceSeconds: 5,
    });
  });

  it('refuses partial, symmetric or misplaced end-user authentication settings', () => {
    expect(() => loadConfig({ UPSTREAM_API_KEY: 'k', AUTH_ISSUER: 'x' })).toThrow(
      /go together; missing AUTH_JWKS_URL, AUTH_AUDIENCE/,
    );
    const complete = {
      AUTH_JWKS_URL: 'https://id.example.com/jwks',
      AUTH_ISSUER: 'i',
      AUTH_AUDIENCE: 'a',
    };
    expect(() =>
      loadConfig({ ...complete, UPSTREAM_API_KEY: 'k', AUTH_ALGORITHMS: 'RS256,HS256' }),
    ).toThrow(/asymmetric algorithms only.*got "HS256"/s);
    // Forwarding mode: the client's bearer is its provider key, not a JWT.
    expect(() => loadConfig({ ...complete, UPSTREAM_URL: 'https://api.example.com/v2' })).toThrow(
      /when the gateway holds the provider key/,
    );
  });

  it('reflects any origin in development and none in production unless listed', () => {
    expect(loadConfig({}).corsOrigins).toBeNull();
    expect(loadConfig({ UPSTREAM_SIMULATOR: 'true', NODE_ENV: 'production' }).corsOrigins).toEqual(
      [],
    );
    expect(
      loadConfig({ CORS_ORIGINS: 'https://a.example, http://localhost:5173' }).corsOrigins,
    ).toEqual(['https://a.example', 'http://localhost:5173']);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example/app' })).toThrow(/exact origins/);
  });

  it('refuses a real upstream with a server key and no end-user auth, whatever NODE_ENV says', () => {
    const development = { UPSTREAM_URL: 'https://api.example.com/v2', UPSTREAM_API_KEY: 'k' };
    expect(() => loadConfig(development)).toThrow(
      /UPSTREAM_URL with UPSTREAM_API_KEY lets anyone.*AUTH_DISABLED=true/s,
    );
    expect(loadConfig({ ...development, AUTH_DISABLED: 'true' }).authDisabled).toBe(true);
    // The embedded simulator holds only fake data and a key of its own.
    expect(loadConfig({}).auth).toBeNull();
  });

  it('keeps the CSRF guard only where reaching the port is authority: AUTH_DISABLED with a server key', () => {
    const upstream = { UPSTREAM_URL: 'https://api.example.com/v2' };
    const jwt = {
      AUTH_JWKS_URL: 'https://id.example.com/jwks.json',
      AUTH_ISSUER: 'https://id.example.com/',
      AUTH_AUDIENCE: 'recordings',
    };
    const keyed = { ...upstream, UPSTREAM_API_KEY: 'k' };
    expect(loadConfig({ ...keyed, AUTH_DISABLED: 'true' }).csrfPrevention).toBe(true);
    expect(loadConfig({ ...keyed, ...jwt }).csrfPrevention).toBe(false);
    expect(loadConfig(upstream).csrfPrevention).toBe(false);
    expect(loadConfig({}).csrfPrevention).toBe(false);
    expect(loadConfig({ AUTH_DISABLED: 'true' }).csrfPrevention).toBe(false);
  });

  it('reflects any origin only for the embedded simulator', () => {
    expect(loadConfig({}).corsOrigins).toBeNull();
    expect(
      loadConfig({
        UPSTREAM_URL: 'https://api.example.com/v2',
        UPSTREAM_API_KEY: 'k',
        AUTH_DISABLED: 'true',
      }).corsOrigins,
    ).toEqual([]);
    expect(loadConfig({ UPSTREAM_URL: 'https://api.example.com/v2' }).corsOrigins).toEqual([]);
  });

  it('refuses TRUST_PROXY=true in production, naming hop counts and subnets', () => {
    const production = {
      NODE_ENV: 'production',
      UPSTREAM_URL: 'https://api.example.com/v2',
      UPSTREAM_API_KEY: 'k',
      AUTH_DISABLED: 'true',
    };
    expect(() => loadConfig({ ...production, TRUST_PROXY: 'true' })).toThrow(
      /TRUST_PROXY=true trusts every X-Forwarded-For hop.*TRUST_PROXY=1.*subnets/s,
    );
    expect(loadConfig({ ...production, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ...production, TRUST_PROXY: '10.0.0.0/8' }).trustProxy).toBe('10.0.0.0/8');
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it('refuses a dedupe window shorter than twice the webhook tolerance', () => {
    // A signature is good from the tolerance before now to the tolerance after.
    for (const dedupe of ['60', '300']) {
      expect(() =>
        loadConfig({ WEBHOOK_DEDUPE_SECONDS: dedupe, WEBHOOK_TOLERANCE_SECONDS: '300' }),
      ).toThrow(
        `WEBHOOK_DEDUPE_SECONDS (${dedupe}) must be at least twice WEBHOOK_TOLERANCE_SECONDS (300)`,
      );
    }
    expect(
      loadConfig({ WEBHOOK_DEDUPE_SECONDS: '600', WEBHOOK_TOLERANCE_SECONDS: '300' })
        .webhookDedupeSeconds,
    ).toBe(600);
  });

  it('refuses proxy settings that trust anyone, and a short router secret, in production', () => {
    const production = {
      NODE_ENV: 'production',
      UPSTREAM_URL: 'https://api.example.com/v2',
      UPSTREAM_API_KEY: 'k',
      AUTH_DISABLED: 'true',
    };
    for (const anyone of ['0.0.0.0/0,::/0', '::/0', '1000']) {
      expect(() => loadConfig({ ...production, TRUST_PROXY: anyone })).toThrow(
        /trusts any address as a proxy/,
      );
    }
    expect(() => loadConfig({ ...production, ROUTER_SECRET: 'a' })).toThrow(
      /ROUTER_SECRET must be at least 16 characters in production/,
    );
    expect(
      loadConfig({ ...production, ROUTER_SECRET: 'r'.repeat(16) }).routerSecret,
    ).not.toBeNull();
  });

  it('refuses a plain-http key set in production, except on loopback', () => {
    const production = {
      NODE_ENV: 'production',
      UPSTREAM_URL: 'https://api.example.com/v2',
      UPSTREAM_API_KEY: 'k',
      AUTH_ISSUER: 'https://id.example.com/',
      AUTH_AUDIENCE: 'recordings',
    };
    expect(() =>
      loadConfig({ ...production, AUTH_JWKS_URL: 'http://id.example.com/jwks.json' }),
    ).toThrow(/AUTH_JWKS_URL must be https: in production/);
    expect(
      loadConfig({ ...production, AUTH_JWKS_URL: 'http://127.0.0.1:9000/jwks.json' }).auth,
    ).not.toBeNull();
    expect(
      loadConfig({ ...production, AUTH_JWKS_URL: 'https://id.example.com/jwks.json' }).auth,
    ).not.toBeNull();
  });

  it('binds the metrics port to METRICS_HOST, or HOST', () => {
    expect(loadConfig({ HOST: '10.1.2.3' }).metricsHost).toBe('10.1.2.3');
    expect(loadConfig({ HOST: '0.0.0.0', METRICS_HOST: '127.0.0.1' }).metricsHost).toBe(
      '127.0.0.1',
    );
  });

  it('keeps HTTP room beside WebSockets: SUBSCRIPTIONS_MAX_CONNECTIONS below HTTP_MAX_CONNECTIONS', () => {
    expect(loadConfig({}).subscriptionsMaxConnections).toBe(3072);
    expect(loadConfig({}).subscriptionsPerClient).toBe(50);
    expect(() => loadConfig({ SUBSCRIPTIONS_MAX_CONNECTIONS: '10000' })).toThrow(
      /SUBSCRIPTIONS_MAX_CONNECTIONS \(10000\) must be below HTTP_MAX_CONNECTIONS \(4096\)/,
    );
  });

  it('turns router callbacks on only with ROUTER_SECRET, to listed origins', () => {
    expect(loadConfig({}).subscriptionCallback).toBeNull();
    expect(() => loadConfig({ SUBSCRIPTION_CALLBACK_ORIGINS: 'http://router:4000' })).toThrow(
      /SUBSCRIPTION_CALLBACK_ORIGINS needs ROUTER_SECRET/,
    );
    expect(
      loadConfig({ ROUTER_SECRET: 's', SUBSCRIPTION_CALLBACK_ORIGINS: 'http://router:4000' })
        .subscriptionCallback,
    ).toEqual({
      origins: ['http://router:4000'],
      maxActive: 1000,
      minHeartbeatMs: 1000,
      timeoutMs: 2000,
    });
    // Spelled as a URL spells its origin, so that a callback URL can match it.
    expect(
      loadConfig({ ROUTER_SECRET: 's', SUBSCRIPTION_CALLBACK_ORIGINS: 'http://Router:80' })
        .subscriptionCallback?.origins,
    ).toEqual(['http://router']);
    expect(() =>
      loadConfig({ ROUTER_SECRET: 's', SUBSCRIPTION_CALLBACK_ORIGINS: 'http://router:4000/cb' }),
    ).toThrow(/exact origins/);
  });

  it('refuses a trusted-documents file that is missing or not a manifest, and a metrics port that is PORT', () => {
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: '/nonexistent/persisted.json' })).toThrow(
      'TRUSTED_DOCUMENTS names a file that cannot be read: /nonexistent/persisted.json',
    );
    const notJson = join(mkdtempSync(join(tmpdir(), 'rg-config-')), 'manifest.json');
    writeFileSync(notJson, '[1, 2');
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: notJson })).toThrow(
      /is not a persisted-documents manifest/,
    );
    expect(() => loadConfig({ PORT: '4000', METRICS_PORT: '4000' })).toThrow(
      'METRICS_PORT (4000) must differ from PORT',
    );
    expect(loadConfig({ PORT: '0', METRICS_PORT: '0' }).metricsPort).toBe(0);
  });

  it('refuses an embedded simulator port that is PORT or METRICS_PORT, in the same one message', () => {
    expect(() =>
      loadConfig({
        PORT: '4000',
        METRICS_PORT: '9464',
        SIMULATOR_PORT: '4000',
        GRAPHQL_MAX_DEPTH: '0',
      }),
    ).toThrow(
      new ConfigError([
        'GRAPHQL_MAX_DEPTH must be an integer from 1 to 100 (got "0")',
        'SIMULATOR_PORT (4000) must differ from PORT: the embedded simulator listens beside the ' +
          'gateway (SIMULATOR_PORT=0 picks a free port)',
      ]),
    );
    expect(() => loadConfig({ METRICS_PORT: '4010', SIMULATOR_PORT: '4010' })).toThrow(
      'SIMULATOR_PORT (4010) must differ from METRICS_PORT',
    );
    expect(loadConfig({ SIMULATOR_PORT: '4010' }).simulatorPort).toBe(4010);
    // Only the embedded simulator listens beside the gateway.
    const production = {
      UPSTREAM_URL: 'https://api.example.com/v2',
      PORT: '4010',
      SIMULATOR_PORT: '4010',
    };
    expect(loadConfig(production).simulatorPort).toBe(4010);
  });
});
