import { Timestamp } from '../../../src/domain/timestamp';

const parse = (text: string) => Timestamp.parse(text);
const iso = (text: string) => parse(text)?.timestamp.toISOString();

describe('Timestamp', () => {
  it('keeps every fractional digit the provider sent', () => {
    expect(iso('2026-11-20T12:00:00.521992Z')).toBe('2026-11-20T12:00:00.521992Z');
    expect(iso('2026-11-20T12:00:00Z')).toBe('2026-11-20T12:00:00Z');
    expect(iso('2026-11-20T12:00:00.5Z')).toBe('2026-11-20T12:00:00.5Z');
  });

  it('shows offsets in UTC, with or without the colon, and lowercase t and z', () => {
    expect(iso('2026-11-20T14:30:00.123456+02:30')).toBe('2026-11-20T12:00:00.123456Z');
    expect(iso('2026-11-20T07:00:00-0500')).toBe('2026-11-20T12:00:00Z');
    expect(iso('2026-11-20t12:00:00.25z')).toBe('2026-11-20T12:00:00.25Z');
    expect(iso('2026-01-01T00:30:00+01:00')).toBe('2025-12-31T23:30:00Z');
  });

  it('reads a missing offset as UTC and says so', () => {
    const parsed = parse('2026-11-20T12:00:00.5');
    expect(parsed?.timestamp.toISOString()).toBe('2026-11-20T12:00:00.5Z');
    expect(parsed?.offsetless).toBe(true);
    expect(parse('2026-11-20T12:00:00Z')?.offsetless).toBe(false);
  });

  it('refuses what is not an instant', () => {
    for (const text of [
      'yesterday',
      '2026-02-31T00:00:00Z',
      '2026-11-20T25:00:00Z',
      '',
      '2026-11-20',
    ]) {
      expect(parse(text)).toBeNull();
    }
  });

  it('orders instants down to the last digit', () => {
    const a = parse('2026-11-20T12:00:00.521992Z')?.timestamp;
    const b = parse('2026-11-20T12:00:00.521993Z')?.timestamp;
    const c = parse('2026-11-20T12:00:00.522Z')?.timestamp;
    if (!a || !b || !c) throw new Error('parse failed');
    expect(a.compare(b)).toBeLessThan(0);
    expect(b.compare(c)).toBeLessThan(0);
    expect(c.compare(a)).toBeGreaterThan(0);
    expect(a.compare(parse('2026-11-20T14:00:00.521992+02:00')?.timestamp ?? c)).toBe(0);
  });

  it('orders canonical texts of one length as the instants they name, and mixes forms', () => {
    const at = (text: string) => {
      const parsed = parse(text)?.timestamp;
      if (!parsed) throw new Error(`parse failed: ${text}`);
      return parsed;
    };
    const texts = [
      '2025-12-31T23:59:59.999999Z',
      '2026-01-01T00:00:00.000000Z',
      '2026-01-01T00:00:00.000001Z',
      '2026-01-09T00:00:00.000000Z',
      '2026-01-10T00:00:00.000000Z',
    ];
    for (let i = 0; i < texts.length; i += 1) {
      for (let j = 0; j < texts.length; j += 1) {
        expect(Math.sign(at(texts[i] ?? '').compare(at(texts[j] ?? '')))).toBe(Math.sign(i - j));
      }
    }
    // Fractions of different widths, and an offset form, still compare by instant.
    expect(at('2026-01-01T00:00:00.5Z').compare(at('2026-01-01T00:00:00.500000Z'))).toBe(0);
    expect(at('2026-01-01T00:00:00.5Z').compare(at('2026-01-01T00:00:00.49Z'))).toBeGreaterThan(0);
    expect(at('2026-01-01T00:00:00Z').compare(at('2026-01-01T00:00:00.000001Z'))).toBeLessThan(0);
    expect(
      at('2026-01-01T02:00:00.000001+02:00').compare(at('2026-01-01T00:00:00Z')),
    ).toBeGreaterThan(0);
    expect(
      Timestamp.fromEpochMillis(Date.parse('2026-01-01T00:00:00.001Z')).compare(
        at('2026-01-01T00:00:00.001Z'),
      ),
    ).toBe(0);
  });
});
