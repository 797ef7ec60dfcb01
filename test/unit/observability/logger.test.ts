import { createLogger, scrubSecrets } from '../../../src/observability/logger';

describe('log scrubbing', () => {
  it('removes bearer tokens, URL query strings and listed secrets from a line', () => {
    const line =
      '{"msg":"failed","auth":"Bearer abc.def-123","url":"https://files.example/rec.mp3?X-Amz-Signature=deadbeef&x=1","key":"KEY-42-secret"}';
    const scrubbed = scrubSecrets(line, ['KEY-42-secret']);
    expect(scrubbed).toBe(
      '{"msg":"failed","auth":"Bearer [redacted]","url":"https://files.example/rec.mp3?[redacted]","key":"[redacted]"}',
    );
  });

  it('applies to everything the logger writes, errors included', () => {
    const lines: string[] = [];
    const logger = createLogger({
      secrets: ['s3cr3t-key'],
      destination: { write: (l: string) => lines.push(l) },
    });
    logger.error(
      {
        err: new Error('upstream said Bearer s3cr3t-key for https://x.example/a?sig=1'),
        authorization: 'Bearer t0k',
      },
      'boom',
    );
    const text = lines.join('');
    expect(text).toContain('boom');
    expect(text).not.toContain('s3cr3t-key');
    expect(text).not.toContain('sig=1');
    expect(text).not.toContain('t0k');
  });
});
