import { Secret } from './secret';

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads typed settings from the environment, collecting every problem instead of stopping at one. */
export class EnvReader {
  readonly problems: string[] = [];
  readonly warnings: string[] = [];

  constructor(private readonly env: Env) {}

  string(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  /** Never echoed: a key, a shared secret. */
  secret(name: string): Secret | null {
    const value = this.string(name);
    return value === undefined ? null : new Secret(value);
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.string(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    this.problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  /** An integer that may be absent: null when unset. */
  optionalInteger(name: string, min: number, max: number): number | null {
    return this.string(name) === undefined ? null : this.integer(name, min, min, max);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const found = allowed.find((value) => value === raw);
    if (found === undefined) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
    }
    return found ?? fallback;
  }

  /** Comma-separated, trimmed, empty items dropped. */
  list(name: string): readonly string[] {
    return (this.string(name) ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }

  /** Never echoes the value: URLs may carry credentials. */
  url(name: string, protocols: readonly string[] = ['http:', 'https:']): URL | null {
    const raw = this.string(name);
    if (raw === undefined) return null;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      url = new URL('invalid:');
    }
    if (!protocols.includes(url.protocol)) {
      this.problems.push(`${name} must be a ${protocols.join(' or ')} URL`);
      return null;
    }
    return url;
  }

  problem(message: string): void {
    this.problems.push(message);
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  done<T>(value: T): Readonly<T> {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
    return Object.freeze(value);
  }
}
