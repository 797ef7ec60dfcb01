import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config';

const FILE = join(__dirname, '..', '..', 'deploy', 'production.env.example');

/** KEY=VALUE lines as an env file gives them (comments and blank lines skipped). */
function readEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const at = trimmed.indexOf('=');
    if (at <= 0) throw new Error(`not KEY=VALUE: ${trimmed}`);
    env[trimmed.slice(0, at)] = trimmed.slice(at + 1);
  }
  return env;
}

describe('deploy/production.env.example', () => {
  const env = readEnvFile(readFileSync(FILE, 'utf8'));

  it('loads as a production configuration once its placeholders are filled', () => {
    const filled = Object.fromEntries(
      Object.entries(env).map(([name, value]) => [
        name,
        value.replace(/<[^>]+>/g, 'filled-in-secret-value-0123456789'),
      ]),
    );
    const config = loadConfig(filled);
    expect(config.production).toBe(true);
    expect(config.auth).not.toBeNull();
    expect(config.corsOrigins).toEqual(['https://app.example.com']);
    expect(config.trustProxy).toBe(1);
    expect(config.metricsPort).toBe(9464);
    expect(config.subscriptionCallback?.origins).toEqual(['http://router:4000']);
    expect(config.warnings).toEqual([]);
  });

  it('marks every secret as a placeholder, so no real value is ever committed', () => {
    for (const name of ['UPSTREAM_API_KEY', 'ROUTER_SECRET']) {
      expect(env[name]).toMatch(/^<[^>]+>$/);
    }
  });
});
