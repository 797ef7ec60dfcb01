import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { configurationDoc, CONFIGURATION_DOC } from '../../../scripts/configuration-doc';
import { loadConfig, loadSimulatorConfig } from '../../../src/config/config';
import { CONFIG_CONCERNS, DECLARED_VARIABLES } from '../../../src/config/config-concerns';
import { EnvReader } from '../../../src/config/env-reader';
import { sourceFiles } from '../../support/source-files';

const ROOT = join(__dirname, '..', '..', '..');
const SRC = join(ROOT, 'src');

/** The only files that touch process.env, and why. */
const PROCESS_ENV_READERS: Record<string, string> = {
  'main.ts': 'hands the environment to loadConfig and to the OpenTelemetry SDK, once, at start',
  'run-simulator.ts': 'hands the environment to loadSimulatorConfig, once, at start',
};

function matches(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((match) => match[1]!);
}

describe('docs/configuration.md', () => {
  it('is generated from the declarations in src/config (run `npm run docs:config` when it is not)', () => {
    const committed = readFileSync(join(ROOT, CONFIGURATION_DOC), 'utf8');
    expect(committed).toBe(configurationDoc(ROOT));
  });

  it('declares each variable once', () => {
    const names = CONFIG_CONCERNS.flatMap((concern) => concern.settings.map((s) => s.name));
    expect(names.length).toBe(DECLARED_VARIABLES.size);
    for (const concern of CONFIG_CONCERNS) {
      for (const setting of concern.settings) {
        expect(setting.doc.trim()).not.toBe('');
        expect(setting.default.trim()).not.toBe('');
      }
    }
  });
});

describe('a variable cannot exist undocumented', () => {
  const files = sourceFiles(SRC).map((path) => ({
    path: relative(SRC, path),
    text: readFileSync(path, 'utf8'),
  }));

  it('declares every variable src/ reads by name, through the reader or an env object', () => {
    const read = files.flatMap(({ path, text }) =>
      [
        ...matches(
          text,
          /\bread\.(?:string|secret|boolean|integer|optionalInteger|oneOf|list|url)\(\s*'([A-Za-z0-9_]+)'/g,
        ),
        ...matches(text, /\benv\[\s*'([A-Za-z0-9_]+)'\s*\]/g),
        ...matches(text, /\benv\.([A-Z][A-Z0-9_]+)\b/g),
      ].map((name) => `${path}: ${name}`),
    );
    expect(read.length).toBeGreaterThan(5);
    expect(read.filter((entry) => !DECLARED_VARIABLES.has(entry.split(': ')[1]!))).toEqual([]);
  });

  it('declares every variable name src/config spells out', () => {
    const spelled = files
      .filter(({ path }) => path.startsWith('config/'))
      .flatMap(({ path, text }) =>
        matches(text, /'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g).map((name) => `${path}: ${name}`),
      );
    expect(spelled.filter((entry) => !DECLARED_VARIABLES.has(entry.split(': ')[1]!))).toEqual([]);
  });

  it('touches process.env only where the environment is handed to the config, once', () => {
    const touching = files
      .filter(({ text }) => /\bprocess\.env\b/.test(text))
      .map(({ path }) => path);
    expect(touching.sort()).toEqual(Object.keys(PROCESS_ENV_READERS).sort());
  });

  it('refuses, at run time, to read a variable that is not declared', () => {
    const reader = new EnvReader({ UNDECLARED_THING: '1' }, DECLARED_VARIABLES);
    expect(() => reader.string('UNDECLARED_THING')).toThrow(/not declared in src\/config/);
  });

  it('reads only declared variables, whatever the environment chooses', () => {
    const asked = new Set<string>();
    const recording = (env: Record<string, string>): Record<string, string> =>
      new Proxy(env, {
        get: (target, name) => {
          if (typeof name === 'string') asked.add(name);
          return target[name as string];
        },
      });
    const production = {
      NODE_ENV: 'production',
      UPSTREAM_URL: 'https://api.example.com/v2',
      UPSTREAM_API_KEY: 'k',
      AUTH_DISABLED: 'true',
      ROUTER_SECRET: 'a-router-secret-of-length',
      SUBSCRIPTION_CALLBACK_ORIGINS: 'http://router:4000',
    };
    for (const env of [
      {},
      production,
      { ...production, REDIS_URL: 'redis://localhost:6379' },
      { ...production, REDIS_CLUSTER_NODES: 'a:7000', REDIS_PASSWORD: 'p' },
      { ...production, REDIS_SENTINELS: 'a:26379', REDIS_SENTINEL_MASTER: 'm' },
    ]) {
      loadConfig(recording(env));
    }
    loadSimulatorConfig(recording({}));
    expect([...asked].filter((name) => !DECLARED_VARIABLES.has(name))).toEqual([]);
    expect(asked.size).toBeGreaterThan(80);
  });
});
