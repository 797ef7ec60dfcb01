import { randomUUID } from 'node:crypto';
import type { RunningSimulator } from '../../src/simulator/simulator-server';
import { signWebhook, webhookEnvelope } from '../../src/simulator/webhook-sender';

export interface PostedWebhook {
  readonly eventId: string;
  /** The signed envelope, to deliver again (a provider retry). */
  readonly body: string;
  /** The signature headers it was sent with. */
  readonly headers: Record<string, string>;
  readonly status: number;
}

/**
 * A signed `call.recording.saved` for `recordingId`, POSTed to the gateway at `gatewayUrl` as the
 * provider would (signed with the simulator's webhook key). `body` sends that envelope instead;
 * `extraHeaders` go beside the signature (a `traceparent`).
 */
export async function postRecordingSaved(
  simulator: RunningSimulator,
  gatewayUrl: URL,
  recordingId: string,
  options: { readonly body?: string; readonly extraHeaders?: Record<string, string> } = {},
): Promise<PostedWebhook> {
  const eventId = randomUUID();
  const body =
    options.body ??
    webhookEnvelope(
      'call.recording.saved',
      { recording_id: recordingId },
      gatewayUrl.href,
      eventId,
    );
  const headers = signWebhook(simulator.webhooks.keys.privateKey, body);
  const response = await fetch(new URL('/webhooks', gatewayUrl), {
    method: 'POST',
    headers: { ...headers, ...options.extraHeaders },
    body,
  });
  await response.arrayBuffer();
  return { eventId, body, headers, status: response.status };
}
