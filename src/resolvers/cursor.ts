import { createHash } from 'node:crypto';
import { Timestamp } from '../domain/timestamp';
import { BadUserInputError } from '../errors';
import { isValidId } from './valid-id';

// Cursors are made opaque so clients do not build them. The version prefix lets us change the
// encoding later without misreading old cursors. Two kinds:
// - offsets (`o1:`): a position in a list, for lists the provider gives no usable key for;
// - keys (`k1:`): a recording's `created_at` and the ids at that instant up to and including
//   it, so a cursor stays right while recordings arrive at the head or rows are deleted.
const OFFSET_PREFIX = 'o1:';
const KEYSET_PREFIX = 'k1:';
/** No list here is this long; a larger offset is a forged cursor. */
export const MAX_CURSOR_OFFSET = 1_000_000;
/** Recordings sharing one microsecond: more than this in a cursor is a forged one. */
export const MAX_TIED_IDS = 100;

/** A position in a list sorted newest first by `created_at`, ties in the provider's order. */
export interface KeysetCursor {
  readonly kind: 'keyset';
  /** Which list (filter) the cursor was made for. */
  readonly list: string;
  readonly createdAt: Timestamp;
  /** Ids at `createdAt` from the first up to and including the cursor's row, in list order. */
  readonly tiedIds: readonly string[];
}

export interface OffsetCursor {
  readonly kind: 'offset';
  readonly offset: number;
}

export type ListCursor = OffsetCursor | KeysetCursor;

const invalid = (argumentName: string) =>
  new BadUserInputError(`"${argumentName}" is not a valid cursor.`, argumentName);

export function encodeCursor(offset: number): string {
  return Buffer.from(`${OFFSET_PREFIX}${offset}`, 'utf8').toString('base64url');
}

/** The offset of the item an offset cursor points at. */
export function decodeCursor(cursor: string, argumentName = 'after'): number {
  const decoded = decodeListCursor(cursor, argumentName);
  if (decoded.kind !== 'offset') throw invalid(argumentName);
  return decoded.offset;
}

/** A short fingerprint of a list's filter: a cursor is only good for the list it came from. */
export function listFingerprint(filterKey: string): string {
  return createHash('sha256').update(filterKey).digest('base64url').slice(0, 10);
}

export function encodeKeysetCursor(cursor: Omit<KeysetCursor, 'kind'>): string {
  const payload = JSON.stringify([cursor.list, cursor.createdAt.toISOString(), ...cursor.tiedIds]);
  return Buffer.from(`${KEYSET_PREFIX}${payload}`, 'utf8').toString('base64url');
}

/** Either kind of cursor; anything we did not make is BAD_USER_INPUT naming the argument. */
export function decodeListCursor(cursor: string, argumentName: string): ListCursor {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (Buffer.from(decoded, 'utf8').toString('base64url') !== cursor) throw invalid(argumentName);
  if (decoded.startsWith(OFFSET_PREFIX)) {
    const offset = Number(decoded.slice(OFFSET_PREFIX.length));
    if (
      !Number.isSafeInteger(offset) ||
      offset < 0 ||
      offset > MAX_CURSOR_OFFSET ||
      encodeCursor(offset) !== cursor
    ) {
      throw invalid(argumentName);
    }
    return { kind: 'offset', offset };
  }
  if (decoded.startsWith(KEYSET_PREFIX)) {
    let parts: unknown;
    try {
      parts = JSON.parse(decoded.slice(KEYSET_PREFIX.length));
    } catch {
      throw invalid(argumentName);
    }
    if (!Array.isArray(parts) || parts.length < 2 || parts.length > MAX_TIED_IDS + 2) {
      throw invalid(argumentName);
    }
    const [list, instant, ...tiedIds] = parts as unknown[];
    const createdAt = typeof instant === 'string' ? Timestamp.parse(instant) : null;
    if (
      typeof list !== 'string' ||
      !createdAt ||
      createdAt.offsetless ||
      !tiedIds.every(isValidId)
    ) {
      throw invalid(argumentName);
    }
    return { kind: 'keyset', list, createdAt: createdAt.timestamp, tiedIds };
  }
  throw invalid(argumentName);
}
