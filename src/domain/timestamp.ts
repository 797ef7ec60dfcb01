// The provider's instants, kept at the precision it sends (microseconds today) and shown in UTC.
// A JavaScript Date would round them to milliseconds, and a filter sent back with a rounded
// `created_at` would miss the very row it was copied from.

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,12}))?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

export interface ParsedTimestamp {
  readonly timestamp: Timestamp;
  /** The text named no offset: read as UTC (never the process's own zone). */
  readonly offsetless: boolean;
}

export class Timestamp {
  /**
   * @param epochMillis whole milliseconds since the epoch (floor)
   * @param fraction the second's fractional digits as given ('' when none), e.g. '521992'
   */
  private constructor(
    readonly epochMillis: number,
    readonly fraction: string,
  ) {}

  static fromEpochMillis(epochMillis: number): Timestamp {
    const millis = ((epochMillis % 1000) + 1000) % 1000;
    return new Timestamp(epochMillis, String(millis).padStart(3, '0'));
  }

  /**
   * Reads ISO 8601 leniently: `T` or `t` or a space, `Z`/`z` or an offset with or without its
   * colon, any number of fractional digits. Null when it is not an instant.
   */
  static parse(text: string): ParsedTimestamp | null {
    const match = INSTANT.exec(text.trim());
    if (!match) return null;
    const [, year, month, day, hour, minute, second, fraction = '', zone] = match;
    const fields = [year, month, day, hour, minute, second].map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const [y, mo, d, h, mi, s] = fields;
    const base = Date.UTC(y, mo - 1, d, h, mi, s);
    // Date.UTC rolls 2026-02-31 over into March: a real instant has its own fields back.
    const check = new Date(base);
    if (
      Number.isNaN(base) ||
      check.getUTCFullYear() !== y ||
      check.getUTCMonth() !== mo - 1 ||
      check.getUTCDate() !== d ||
      h > 23 ||
      mi > 59 ||
      s > 59
    ) {
      return null;
    }
    let offsetMinutes = 0;
    if (zone && zone !== 'Z' && zone !== 'z') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      const offsetHours = Number(digits.slice(0, 2));
      const offsetMins = Number(digits.slice(2) || '0');
      if (offsetHours > 23 || offsetMins > 59) return null;
      offsetMinutes = sign * (offsetHours * 60 + offsetMins);
    }
    const millis = Number(fraction.slice(0, 3).padEnd(3, '0'));
    return {
      timestamp: new Timestamp(base - offsetMinutes * 60_000 + millis, fraction),
      offsetless: zone === undefined,
    };
  }

  /** ISO 8601 in UTC with every fractional digit the provider sent, e.g. `...00.521992Z`. */
  toISOString(): string {
    const wholeSeconds = Math.floor(this.epochMillis / 1000) * 1000;
    const base = new Date(wholeSeconds).toISOString().slice(0, 19);
    return `${base}${this.fraction ? `.${this.fraction}` : ''}Z`;
  }

  toString(): string {
    return this.toISOString();
  }

  toJSON(): string {
    return this.toISOString();
  }

  /** Negative, zero or positive, down to the last fractional digit. */
  compare(other: Timestamp): number {
    if (this.epochMillis !== other.epochMillis) return this.epochMillis - other.epochMillis;
    const width = Math.max(this.fraction.length, other.fraction.length, 3);
    const a = this.fraction.padEnd(width, '0');
    const b = other.fraction.padEnd(width, '0');
    return a < b ? -1 : a > b ? 1 : 0;
  }
}
