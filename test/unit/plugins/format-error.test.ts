import { formatError } from '../../../src/plugins/format-error';

describe('formatError', () => {
  it('keeps coded errors as they are', () => {
    const coded = {
      message: 'bad first',
      extensions: { code: 'BAD_USER_INPUT' },
      path: ['recordings'],
    };
    expect(formatError(coded, () => undefined, null)).toBe(coded);
  });

  it('masks uncoded errors, keeps their path, and reports the original', () => {
    const seen: unknown[] = [];
    const original = new Error('connect to db with password hunter2 failed');
    const masked = formatError(
      {
        message: original.message,
        extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] },
        path: ['recording'],
      },
      (error) => seen.push(error),
      original,
    );
    expect(masked).toEqual({
      message: 'Internal server error.',
      path: ['recording'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(seen).toEqual([original]);
  });
});
