import { createRandom } from '../../../src/simulator/seed-data';
import type { Schema } from './provider-contract';

/** The simulator's seeded generator (mulberry32): the same sequence on every machine. */
export const seededRandom = createRandom;

/** A stable 32-bit seed for a text (FNV-1a), so an answer depends on its request, not on timing. */
export function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const INT32 = 2 ** 31;
/** Integers the spec allows (no bounds) that break naive code: zero, negatives, huge. */
const EDGE_INTEGERS = [0, -1, 1, 2, 20, 250, 251, -INT32, INT32 - 1, Number.MAX_SAFE_INTEGER];
const EDGE_STRINGS = ['', ' ', 'x', 'not-a-date', '2019-02-30T25:61:00Z', 'ünïcødé ✓', '0'];

/**
 * A random value `schema` allows, as a mock server generating from the spec would send: every
 * optional property may be absent, strings are any string unless a format or enum says
 * otherwise, integers are unbounded. Half the time a value is the spec's own example, so most
 * answers mix plausible rows with strange ones.
 */
export function schemaValidValue(schema: Schema, random: () => number, depth = 0): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const enumeration = schema['enum'] as readonly unknown[] | undefined;
  if (enumeration) return pick(enumeration);
  const declared = schema['type'];
  const type = Array.isArray(declared)
    ? (pick(declared) as string)
    : (declared as string | undefined);
  const example = schema['example'];
  const useExample = example !== undefined && type !== 'object' && random() < 0.5;
  if (useExample) return example;
  switch (type ?? (schema['properties'] ? 'object' : schema['items'] ? 'array' : 'string')) {
    case 'null':
      return null;
    case 'boolean':
      return random() < 0.5;
    case 'integer': {
      const int32 = schema['format'] === 'int32';
      const value = random() < 0.6 ? pick(EDGE_INTEGERS) : Math.floor((random() - 0.5) * 2e6);
      return int32 ? Math.max(-INT32, Math.min(INT32 - 1, value)) : value;
    }
    case 'number':
      return (random() - 0.5) * 1e6;
    case 'array': {
      const items = (schema['items'] as Schema | undefined) ?? {};
      const length = depth > 3 ? 0 : Math.floor(random() * 5);
      return Array.from({ length }, () => schemaValidValue(items, random, depth + 1));
    }
    case 'object': {
      const properties = (schema['properties'] as Record<string, Schema> | undefined) ?? {};
      const required = new Set((schema['required'] as string[] | undefined) ?? []);
      const value: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(properties)) {
        if (required.has(name) || random() < 0.75) {
          value[name] = schemaValidValue(property, random, depth + 1);
        }
      }
      return value;
    }
    default:
      return randomString(schema, random, pick);
  }
}

function randomString(
  schema: Schema,
  random: () => number,
  pick: <T>(items: readonly T[]) => T,
): string {
  const hex = (n: number) =>
    Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  switch (schema['format']) {
    case 'uuid':
      return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
    case 'date-time': {
      const ms = Date.UTC(2000, 0, 1) + Math.floor(random() * 40 * 365 * 86_400_000);
      return new Date(ms).toISOString();
    }
    default: {
      const min = (schema['minLength'] as number | undefined) ?? 0;
      const max = (schema['maxLength'] as number | undefined) ?? 64;
      const text = random() < 0.5 ? pick(EDGE_STRINGS) : hex(1 + Math.floor(random() * 36));
      return text.padEnd(min, 'x').slice(0, max);
    }
  }
}
