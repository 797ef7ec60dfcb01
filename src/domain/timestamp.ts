// The provider's instants, kept at the precision it sends (microseconds today) and shown in UTC.
// A JavaScript Date would round them to milliseconds, and a filter sent back with a rounded
// `created_at` would miss the very row it was copied from.

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,12}))?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

const DIGIT_AT = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18] as const;

function twoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48;
}

/** `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, checked by character: no regex, no allocation. */
function isCanonicalUtc(text: string): boolean {
  const length = text.length;
  if (length < 20 || text.charCodeAt(length - 1) !== 90 /* Z */) return false;
  if (text[4] !== '-' || text[7] !== '-' || text[10] !== 'T') return false;
  if (text[13] !== ':' || text[16] !== ':') return false;
  for (const at of DIGIT_AT) {
    const code = text.charCodeAt(at);
    if (code < 48 || code > 57) return false;
  }
  if (length > 20) {
    if (text.charCodeAt(19) !== 46 /* . */ || length === 21) return false;
    for (let at = 20; at < length - 1; at += 1) {
      const code = text.charCodeAt(at);
      if (code < 48 || code > 57) return false;
    }
  }
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  if (twoDigits(text, 11) > 23 || twoDigits(text, 14) > 59 || twoDigits(text, 17) > 59)
    return false;
  // Only days past the 28th can fall outside their month.
  if (day <= 28) return true;
  const year = Number(text.slice(0, 4));
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

export interface ParsedTimestamp {
  readonly timestamp: Timestamp;
  /** The text named no offset: read as UTC (never the process's own zone). */
  readonly offsetless: boolean;
}

export class Timestamp {
  private epoch: number | undefined;
  private text: string | undefined;

  /**
   * @param epochMillis whole milliseconds since the epoch (floor); computed on demand when the
   *   instant was given as canonical UTC text
   * @param fraction the second's fractional digits as given ('' when none), e.g. '521992'
   */
  private constructor(
    epochMillis: number | undefined,
    readonly fraction: string,
    text?: string,
  ) {
    this.epoch = epochMillis;
    this.text = text;
  }

  get epochMillis(): number {
    this.epoch ??= Date.parse(this.toISOString());
    return this.epoch;
  }

  static fromEpochMillis(epochMillis: number): Timestamp {
    const millis = ((epochMillis % 1000) + 1000) % 1000;
    return new Timestamp(epochMillis, String(millis).padStart(3, '0'));
  }

  /**
   * Reads ISO 8601 leniently: `T` or `t` or a space, `Z`/`z` or an offset with or without its
   * colon, any number of fractional digits. Null when it is not an instant. The provider's usual
   * form, UTC with `T` and `Z`, is kept as given and not parsed until an epoch is needed:
   * reading a page of recordings costs no date arithmetic.
   */
  static parse(text: string): ParsedTimestamp | null {
    if (isCanonicalUtc(text)) {
      const dot = text.indexOf('.', 19);
      return {
        timestamp: new Timestamp(undefined, dot < 0 ? '' : text.slice(dot + 1, -1), text),
        offsetless: false,
      };
    }
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
    if (this.text === undefined) {
      const wholeSeconds = Math.floor(this.epochMillis / 1000) * 1000;
      const base = new Date(wholeSeconds).toISOString().slice(0, 19);
      this.text = `${base}${this.fraction ? `.${this.fraction}` : ''}Z`;
    }
    return this.text;
  }

  toString(): string {
    return this.toISOString();
  }

  toJSON(): string {
    return this.toISOString();
  }

  /** Negative, zero or positive, down to the last fractional digit. */
  compare(other: Timestamp): number {
    // Two canonical UTC texts of one length order as strings: a page's order check parses no dates.
    const text = this.text;
    const otherText = other.text;
    if (text !== undefined && otherText !== undefined && text.length === otherText.length) {
      return text < otherText ? -1 : text > otherText ? 1 : 0;
    }
    if (this.epochMillis !== other.epochMillis) return this.epochMillis - other.epochMillis;
    const width = Math.max(this.fraction.length, other.fraction.length, 3);
    const a = this.fraction.padEnd(width, '0');
    const b = other.fraction.padEnd(width, '0');
    return a < b ? -1 : a > b ? 1 : 0;
  }
}
