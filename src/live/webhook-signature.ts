import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo: the provider gives the bare 32-byte key. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Why a delivery is not the provider's. */
export type SignatureProblem = 'unsigned' | 'malformed_signature' | 'bad_signature' | 'stale';

/** Reads `WEBHOOK_PUBLIC_KEY`: standard base64 of the raw 32-byte Ed25519 key. */
export function ed25519PublicKey(base64: string): KeyObject {
  const raw = Buffer.from(base64, 'base64');
  if (raw.length !== 32 || raw.toString('base64') !== base64.trim()) {
    throw new Error('an Ed25519 public key is 32 bytes in standard base64');
  }
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, raw]),
    format: 'der',
    type: 'spki',
  });
}

/**
 * The provider's webhook signature: Ed25519 over `<telnyx-timestamp>|<raw body>` (the header as
 * received, the body's bytes as received), and a timestamp within the tolerance of now, either
 * way, so a captured delivery cannot be replayed later.
 */
export class WebhookSignature {
  constructor(
    private readonly publicKey: KeyObject,
    private readonly toleranceSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  check(
    timestamp: string | undefined,
    signature: string | undefined,
    rawBody: Buffer,
  ): SignatureProblem | null {
    if (timestamp === undefined || signature === undefined) return 'unsigned';
    if (!/^\d{1,12}$/.test(timestamp)) return 'malformed_signature';
    const bytes = Buffer.from(signature, 'base64');
    if (bytes.length !== 64) return 'malformed_signature';
    const message = Buffer.concat([Buffer.from(`${timestamp}|`, 'utf8'), rawBody]);
    if (!verify(null, message, this.publicKey, bytes)) return 'bad_signature';
    // Checked after the signature, so a forged timestamp is reported as a forgery.
    const skewSeconds = Math.abs(this.now() / 1000 - Number(timestamp));
    return skewSeconds > this.toleranceSeconds ? 'stale' : null;
  }
}
