/**
 * One environment variable, declared once beside the code that reads it: its name, its default as
 * the docs show it, and what it does. docs/configuration.md is generated from these
 * (`npm run docs:config`), so a variable cannot exist undocumented.
 */
export interface Setting {
  readonly name: string;
  /** As the docs show it: a value (`4000`), unset, or words when it follows other settings. */
  readonly default: string;
  /** Markdown: what it does, and what to know before changing it. */
  readonly doc: string;
}

export interface IntegerSetting extends Setting {
  readonly fallback: number;
  readonly min: number;
  readonly max: number;
}

export interface BooleanSetting extends Setting {
  readonly fallback: boolean;
}

/** The variables of one concern (server, upstream, cache, ...), one section of the docs. */
export interface ConfigConcern {
  readonly title: string;
  /** Markdown before the list: how the settings work together. */
  readonly intro?: string;
  readonly settings: readonly Setting[];
  /** Markdown after the list: what happens around them (failure modes, flags that are not ours). */
  readonly outro?: string;
}

const code = (value: string | number | boolean): string => `\`${String(value)}\``;

export function integer(
  name: string,
  fallback: number,
  min: number,
  max: number,
  doc: string,
  shown: string = code(fallback),
): IntegerSetting {
  return { name, fallback, min, max, doc, default: shown };
}

export function flag(
  name: string,
  fallback: boolean,
  doc: string,
  shown: string = code(fallback),
): BooleanSetting {
  return { name, fallback, doc, default: shown };
}

/** A string, list, URL, secret or choice: read by the EnvReader method that fits it. */
export function text(name: string, shown: string, doc: string): Setting {
  return { name, default: shown, doc };
}

export { code as shownAs };
