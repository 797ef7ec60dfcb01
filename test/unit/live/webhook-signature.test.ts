import { ed25519PublicKey, WebhookSignature } from '../../../src/live/webhook-signature';
import { generateWebhookKeys, signWebhook } from '../../../src/simulator/webhook-sender';

describe('WebhookSignature', () => {
  const keys = generateWebhookKeys();
  const now = 1_800_000_000;
  const check = new WebhookSignature(ed25519PublicKey(keys.publicKey), 300, () => now * 1000);
  const verdict = (body: string, timestamp: number, sentBody = body) => {
    const headers = signWebhook(keys.privateKey, body, timestamp);
    return check.check(
      headers['telnyx-timestamp'],
      headers['telnyx-signature-ed25519'],
      Buffer.from(sentBody),
    );
  };

  it('accepts the tolerance exactly and refuses one second beyond it, either way', () => {
    expect(verdict('{}', now - 300)).toBeNull();
    expect(verdict('{}', now + 300)).toBeNull();
    expect(verdict('{}', now - 301)).toBe('stale');
    expect(verdict('{}', now + 301)).toBe('stale');
  });

  it('calls a changed body or another key a forgery, and a missing header unsigned', () => {
    expect(verdict('{"a":1}', now, '{"a":2}')).toBe('bad_signature');
    const other = generateWebhookKeys();
    const headers = signWebhook(other.privateKey, '{}', now);
    expect(
      check.check(
        headers['telnyx-timestamp'],
        headers['telnyx-signature-ed25519'],
        Buffer.from('{}'),
      ),
    ).toBe('bad_signature');
    expect(check.check(undefined, 'x', Buffer.from('{}'))).toBe('unsigned');
    expect(check.check(String(now), 'c2hvcnQ=', Buffer.from('{}'))).toBe('malformed_signature');
  });

  it('refuses a public key that is not 32 bytes of standard base64', () => {
    expect(() => ed25519PublicKey('c2hvcnQ=')).toThrow(/32 bytes/);
  });
});
