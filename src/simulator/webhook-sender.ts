import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

/** A provider's signing key pair; the public half as the account settings show it. */
export interface WebhookKeys {
  readonly privateKey: KeyObject;
  /** Standard base64 of the raw 32-byte Ed25519 public key (WEBHOOK_PUBLIC_KEY). */
  readonly publicKey: string;
}

export function generateWebhookKeys(): WebhookKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return { privateKey, publicKey: spki.subarray(spki.length - 32).toString('base64') };
}

/** The provider's signature headers for `body` sent at `timestamp` (Unix seconds). */
export function signWebhook(
  privateKey: KeyObject,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = sign(null, Buffer.from(`${timestamp}|${body}`, 'utf8'), privateKey);
  return {
    'content-type': 'application/json',
    'telnyx-timestamp': String(timestamp),
    'telnyx-signature-ed25519': signature.toString('base64'),
  };
}

/** The provider's event envelope. */
export function webhookEnvelope(
  eventType: string,
  payload: Readonly<Record<string, unknown>>,
  deliveredTo: string,
  id: string = randomUUID(),
  attempt = 1,
): string {
  return JSON.stringify({
    data: {
      record_type: 'event',
      event_type: eventType,
      id,
      occurred_at: new Date().toISOString(),
      payload,
    },
    meta: { attempt, delivered_to: deliveredTo },
  });
}

/**
 * Delivers events as the provider does: signed, POSTed to the configured URL, retried with the
 * same event id until answered 200 (a few times, backing off).
 */
export class WebhookSender {
  target: URL | null = null;
  readonly keys = generateWebhookKeys();
  /** Deliveries made, for tests: event type, id, status (0: no answer). */
  readonly deliveries: { type: string; id: string; status: number }[] = [];

  async send(eventType: string, payload: Readonly<Record<string, unknown>>): Promise<void> {
    const target = this.target;
    if (target === null) return;
    const id = randomUUID();
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const body = webhookEnvelope(eventType, payload, target.href, id, attempt);
      let status = 0;
      try {
        const response = await fetch(target, {
          method: 'POST',
          headers: signWebhook(this.keys.privateKey, body),
          body,
          signal: AbortSignal.timeout(5000),
        });
        status = response.status;
        await response.arrayBuffer();
      } catch {
        status = 0;
      }
      this.deliveries.push({ type: eventType, id, status });
      if (status === 200) return;
      await delay(200 * 2 ** attempt);
    }
  }
}
