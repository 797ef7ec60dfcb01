import { decodeCursor, encodeCursor } from '../../../src/resolvers/cursor';
import { ErrorCode, GatewayError } from '../../../src/errors';

describe('cursors', () => {
  it('round-trips offsets through an opaque string', () => {
    for (const offset of [0, 1, 19, 250, 123456]) {
      const cursor = encodeCursor(offset);
      expect(cursor).not.toContain(String(offset));
      expect(decodeCursor(cursor)).toBe(offset);
    }
  });

  it.each([
    '',
    'abc',
    encodeCursor(3) + 'x',
    Buffer.from('o1:-4').toString('base64url'),
    Buffer.from('o1:1.5').toString('base64url'),
  ])('rejects %p as BAD_USER_INPUT naming the argument', (cursor) => {
    try {
      decodeCursor(cursor, 'after');
      throw new Error('expected a rejection');
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).code).toBe(ErrorCode.BAD_USER_INPUT);
      expect((error as GatewayError).extensions['argumentName']).toBe('after');
    }
  });
});
