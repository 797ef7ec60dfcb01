import { Timestamp } from '../../domain/timestamp';
import type { DriftObserver } from './drift-observer';

export type WireObject = Readonly<Record<string, unknown>>;

export function isWireObject(value: unknown): value is WireObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const DIGITS = /^-?\d{1,15}$/;
/** GraphQL's `Int` range. */
const INT_MAX = 2 ** 31 - 1;
const INT_MIN = -(2 ** 31);

/**
 * Reads one row of an upstream answer field by field, tolerating what providers drift into:
 * absent and null are null; numbers sent as digit strings and ids sent as numbers are coerced;
 * enum values are matched without regard to case and unknown ones become the enum's UNKNOWN; a
 * value of the wrong shape becomes null. Every tolerance is reported to the drift observer, with
 * the field's path and the row's id, never the value (bar unknown enum values, which are not
 * secrets). Whether a null is acceptable is the caller's decision: only it knows what it needs.
 */
export class RowReader {
  readonly rowId: string | undefined;

  constructor(
    private readonly resource: string,
    private readonly row: WireObject,
    private readonly observer: DriftObserver,
    private readonly prefix = '',
    rowId?: string,
  ) {
    const id = row['id'];
    this.rowId =
      rowId ??
      (typeof id === 'string' && id !== '' ? id : typeof id === 'number' ? String(id) : undefined);
  }

  private report(
    kind: 'invalid' | 'coerced' | 'unknown_value' | 'offsetless_timestamp',
    key: string,
    detail: string,
  ): void {
    this.observer.observe({
      kind,
      resource: this.resource,
      field: this.prefix + key,
      detail,
      ...(this.rowId === undefined ? {} : { rowId: this.rowId }),
    });
  }

  private value(key: string): unknown {
    const value = this.row[key];
    return value === undefined ? null : value;
  }

  has(key: string): boolean {
    return this.value(key) !== null;
  }

  string(key: string): string | null {
    const value = this.value(key);
    if (value === null || typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') {
      this.report('coerced', key, `a string, got a ${typeof value}`);
      return String(value);
    }
    this.report('invalid', key, 'a string');
    return null;
  }

  /** A non-empty id; a number sent for it becomes its decimal string. */
  id(key: string): string | null {
    const value = this.value(key);
    if (typeof value === 'string') return value === '' ? null : value;
    if (typeof value === 'number' && Number.isSafeInteger(value)) {
      this.report('coerced', key, 'an id string, got a number');
      return String(value);
    }
    if (value !== null) this.report('invalid', key, 'an id string');
    return null;
  }

  /** A 32-bit integer: every integer the gateway reads ends up in a GraphQL `Int`. */
  integer(key: string): number | null {
    const value = this.value(key);
    if (value === null) return null;
    let read: number | null = null;
    if (typeof value === 'number' && Number.isSafeInteger(value)) read = value;
    else if (typeof value === 'string' && DIGITS.test(value.trim())) {
      this.report('coerced', key, 'an integer, got a digit string');
      read = Number(value.trim());
    }
    if (read !== null && read >= INT_MIN && read <= INT_MAX) return read;
    this.report('invalid', key, read === null ? 'an integer' : 'a 32-bit integer');
    return null;
  }

  boolean(key: string): boolean | null {
    const value = this.value(key);
    if (value === null || typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') {
      this.report('coerced', key, 'a boolean, got a string');
      return value === 'true';
    }
    this.report('invalid', key, 'a boolean');
    return null;
  }

  timestamp(key: string): Timestamp | null {
    const value = this.value(key);
    if (value === null) return null;
    const parsed = typeof value === 'string' ? Timestamp.parse(value) : null;
    if (!parsed) {
      this.report('invalid', key, 'an ISO 8601 timestamp');
      return null;
    }
    if (parsed.offsetless) this.report('offsetless_timestamp', key, 'read as UTC');
    return parsed.timestamp;
  }

  /** A known value, the enum's UNKNOWN for a value this gateway has not met, null when absent. */
  enumeration<E>(key: string, known: Readonly<Record<string, E>>, unknown: E): E | null {
    const value = this.value(key);
    if (value === null) return null;
    if (typeof value !== 'string') {
      this.report('invalid', key, 'an enum string');
      return unknown;
    }
    const found = known[value] ?? known[value.toLowerCase()];
    if (found !== undefined) return found;
    // Enum values are not secrets: a short one is worth seeing in the log and the metric.
    this.report('unknown_value', key, value.slice(0, 64));
    return unknown;
  }

  object(key: string): RowReader | null {
    const value = this.value(key);
    if (value === null) return null;
    if (!isWireObject(value)) {
      this.report('invalid', key, 'an object');
      return null;
    }
    return new RowReader(this.resource, value, this.observer, `${this.prefix}${key}.`, this.rowId);
  }

  stringList(key: string): string[] | null {
    const value = this.value(key);
    if (value === null) return null;
    if (!Array.isArray(value)) {
      this.report('invalid', key, 'a list of strings');
      return null;
    }
    const strings = value.filter((item): item is string => typeof item === 'string');
    if (strings.length !== value.length) this.report('invalid', key, 'strings only');
    return strings;
  }
}
