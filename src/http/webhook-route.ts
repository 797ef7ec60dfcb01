import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LiveEvent } from '../live/live-event';
import {
  parseProviderEvent,
  RECORDING_EVENT_TYPES,
  TRANSCRIPTION_EVENT_TYPE,
} from '../live/provider-event';
import type { SeenEvents } from '../live/seen-events';
import type { WebhookSignature } from '../live/webhook-signature';
import type { Logger } from '../observability/logger';
import {
  annotate,
  inServerSpan,
  traceLink,
  type TraceLink,
  type TraceParent,
} from '../observability/tracing';
import { BodyError, collectBody } from './read-json-body';
import type { GatewayMetrics } from '../observability/metrics';

export const WEBHOOK_PATH = '/webhooks';

export interface WebhookRouteOptions {
  /** Null when WEBHOOK_PUBLIC_KEY is not set: nothing can be verified, so nothing is taken. */
  readonly signature: WebhookSignature | null;
  readonly maxBodyBytes: number;
  readonly seen: SeenEvents;
  /** Freshens caches and tells subscribers (on every replica). */
  readonly act: (event: LiveEvent, trace: TraceLink | undefined) => Promise<void>;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
}

type Outcome =
  | 'accepted'
  | 'duplicate'
  | 'ignored'
  | 'unusable'
  | 'unsigned'
  | 'forged'
  | 'stale'
  | 'malformed'
  | 'too_large';

interface Judgement {
  readonly outcome: Outcome | 'unconfigured';
  readonly type?: string;
  readonly eventId?: string;
}

const STATUS: Readonly<Record<Outcome, number>> = {
  accepted: 200,
  duplicate: 200,
  ignored: 200,
  unusable: 200,
  unsigned: 401,
  forged: 401,
  stale: 401,
  malformed: 400,
  too_large: 413,
};

/** A metric label that cannot grow without bound: the types acted on, or "other". */
function typeLabel(type: string | null): string {
  if (type === null) return 'unknown';
  return RECORDING_EVENT_TYPES.has(type) || type === TRANSCRIPTION_EVENT_TYPE ? type : 'other';
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * `POST /webhooks`: the provider's signed events. Outside CORS and end-user auth: the Ed25519
 * signature over the raw body is the authentication. Forged, unsigned or stale: 401 and nothing
 * acted on; not the provider's envelope: 400; too large: 413; a redelivery or another event type:
 * 200 and nothing done. Logs name the event, never the body (it holds download URLs).
 */
export function webhookRoute(options: WebhookRouteOptions) {
  const { logger, metrics } = options;
  const answer = (
    response: ServerResponse,
    outcome: Outcome,
    type: string | null,
    eventId?: string,
  ): void => {
    metrics.webhookEvents.inc({ type: typeLabel(type), outcome });
    const status = STATUS[outcome];
    if (status >= 400) logger.warn({ outcome, type, eventId }, 'webhook delivery refused');
    else logger.debug({ outcome, type, eventId }, 'webhook delivery');
    response
      .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify(status >= 400 ? { error: outcome } : { received: true }));
  };

  const judge = async (
    request: IncomingMessage,
    parent: TraceParent | undefined,
  ): Promise<Judgement> => {
    const signature = options.signature;
    if (signature === null) return { outcome: 'unconfigured' };
    let body: Buffer;
    try {
      body = await collectBody(request, options.maxBodyBytes);
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      return { outcome: error.status === 413 ? 'too_large' : 'malformed' };
    }
    const problem = signature.check(
      header(request, 'telnyx-timestamp'),
      header(request, 'telnyx-signature-ed25519'),
      body,
    );
    if (problem !== null) {
      return { outcome: problem === 'unsigned' || problem === 'stale' ? problem : 'forged' };
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return { outcome: 'malformed' };
    }
    const delivery = parseProviderEvent(json);
    if (delivery === null) return { outcome: 'malformed' };
    if (delivery.kind !== 'event') {
      return { outcome: delivery.kind, type: delivery.type, eventId: delivery.eventId };
    }
    const { event } = delivery;
    if (!(await options.seen.firstTime(event.eventId))) {
      return { outcome: 'duplicate', type: delivery.type, eventId: event.eventId };
    }
    // What the event published links back to this delivery's span.
    await options.act(event, traceLink(parent));
    return { outcome: 'accepted', type: delivery.type, eventId: event.eventId };
  };

  const handle = async (
    request: IncomingMessage,
    response: ServerResponse,
    parent: TraceParent | undefined,
  ): Promise<void> => {
    const { outcome, type = null, eventId } = await judge(request, parent);
    if (parent) {
      annotate(parent, {
        'recordings_graph.webhook.outcome': outcome,
        ...(type ? { 'recordings_graph.webhook.event_type': type } : {}),
        ...(eventId ? { 'recordings_graph.webhook.event_id': eventId } : {}),
      });
    }
    if (outcome === 'unconfigured') {
      request.resume();
      response
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'webhooks are not configured (WEBHOOK_PUBLIC_KEY)' }));
      return;
    }
    answer(response, outcome, type, eventId);
  };
  // A server span per delivery (continuing the sender's traceparent), with its outcome and event.
  return (request: IncomingMessage, response: ServerResponse): Promise<void> =>
    inServerSpan(WEBHOOK_PATH, request, response, handle);
}
