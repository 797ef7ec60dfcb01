import { Secret } from './secret';
import type { BooleanSetting, IntegerSetting } from './setting';

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

  /**
   * @param declared the variables declared in src/config (see setting.ts); reading any other is a
   *   programming error, so that no variable exists undocumented. Omitted: no check (unit tests).
   */
  constructor(
    private readonly env: Env,
    private readonly declared?: ReadonlySet<string>,
  ) {}

  string(name: string): string | undefined {
    if (this.declared && !this.declared.has(name)) {
      throw new Error(`${name} is read but not declared in src/config (see setting.ts)`);
    }
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

  /** A declared integer; `fallback` when its default follows other settings. */
  int(setting: IntegerSetting, fallback: number = setting.fallback): number {
    return this.integer(setting.name, fallback, setting.min, setting.max);
  }

  /** A declared boolean; `fallback` when its default follows other settings. */
  flag(setting: BooleanSetting, fallback: boolean = setting.fallback): boolean {
    return this.boolean(setting.name, fallback);
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
