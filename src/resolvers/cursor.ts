import { BadUserInputError } from '../errors';

// Cursors are positions in a list, made opaque so clients do not build them. The version prefix
// lets us change the encoding later without misreading old cursors.
const PREFIX = 'o1:';
/** No list here is this long; a larger offset is a forged cursor. */
export const MAX_CURSOR_OFFSET = 1_000_000;

export function encodeCursor(offset: number): string {
  return Buffer.from(`${PREFIX}${offset}`, 'utf8').toString('base64url');
}

/** The offset of the item the cursor points at. */
export function decodeCursor(cursor: string, argumentName = 'after'): number {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const offset = decoded.startsWith(PREFIX) ? Number(decoded.slice(PREFIX.length)) : NaN;
  if (
    !Number.isSafeInteger(offset) ||
    offset < 0 ||
    offset > MAX_CURSOR_OFFSET ||
    encodeCursor(offset) !== cursor
  ) {
    throw new BadUserInputError(`"${argumentName}" is not a valid cursor.`, argumentName);
  }
  return offset;
}
