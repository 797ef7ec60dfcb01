import type { EnvReader } from './env-reader';
import { integer, text, type ConfigConcern } from './setting';

/** How live events are kept for replay and held back while Redis is away. */
export interface LiveConfig {
  /** How long events stay replayable by cursor (the Redis stream's window and the local one). */
  readonly replaySeconds: number;
  /** Events kept locally while Redis cannot take them; past it the oldest are dropped (counted). */
  readonly outboxMaxEvents: number;
  /** A subscriber's waiting events at most, by count and by bytes; past either it is ended. */
  readonly subscriberMaxEvents: number;
  readonly subscriberMaxBytes: number;
}

/** Where and how the router's subscription callbacks may go. */
export interface SubscriptionCallbackConfig {
  /** Exact origins a callback URL may have (SUBSCRIPTION_CALLBACK_ORIGINS); none: no callbacks. */
  readonly origins: readonly string[];
  /** Callback subscriptions running at once, per process. */
  readonly maxActive: number;
  /** The shortest heartbeat interval accepted (0, no heartbeat, is always accepted). */
  readonly minHeartbeatMs: number;
  /** How long one POST to the router may take before it counts as failed. */
  readonly timeoutMs: number;
}

/** Live updates: webhooks in, subscriptions out. */
export interface LiveUpdatesConfig {
  /** The provider's webhook signing key (standard base64 of the raw 32-byte Ed25519 key). */
  readonly webhookPublicKey: string | null;
  /** Deliveries signed further than this from now are refused (replays). */
  readonly webhookToleranceSeconds: number;
  readonly webhookMaxBodyBytes: number;
  /** How long an event id is remembered: the provider's retry window. */
  readonly webhookDedupeSeconds: number;
  readonly live: LiveConfig;
  readonly subscriptionsMaxConnections: number;
  readonly subscriptionsPerConnection: number;
  /** WebSocket connections one client (user, forwarded key or address) may hold. */
  readonly subscriptionsPerClient: number;
  /** Subscribe messages one connection may send per minute; past it the socket is closed (4429). */
  readonly subscriptionsSubscribesPerMinute: number;
  /** graphql-ws pings idle sockets this often; 0 never. */
  readonly subscriptionsKeepAliveMs: number;
  /** Apollo Router's HTTP callback protocol for subscriptions; null: off (no ROUTER_SECRET). */
  readonly subscriptionCallback: SubscriptionCallbackConfig | null;
}

const SETTINGS = {
  webhookPublicKey: text(
    'WEBHOOK_PUBLIC_KEY',
    'unset (the embedded simulator’s own key under `npm start`)',
    'The provider’s Ed25519 public key, standard base64 of the raw 32 bytes. Without it ' +
      '`POST /webhooks` answers 404.',
  ),
  webhookToleranceSeconds: integer(
    'WEBHOOK_TOLERANCE_SECONDS',
    300,
    1,
    3600,
    'Deliveries signed further than this from now (either way) are refused with 401.',
  ),
  webhookMaxBodyBytes: integer(
    'WEBHOOK_MAX_BODY_BYTES',
    65_536,
    1024,
    10_000_000,
    'Larger deliveries get 413.',
  ),
  webhookDedupeSeconds: integer(
    'WEBHOOK_DEDUPE_SECONDS',
    86_400,
    60,
    30 * 86_400,
    'How long an event id is remembered (Redis when configured, else memory: past 100,000 ids the ' +
      'oldest go, but never one younger than the tolerance). Must be at least twice ' +
      '`WEBHOOK_TOLERANCE_SECONDS` (a signature is valid from the tolerance before now to the ' +
      'tolerance after).',
  ),
  replaySeconds: integer(
    'LIVE_REPLAY_SECONDS',
    600,
    10,
    86_400,
    'How long live events stay replayable by cursor (`after`): the Redis stream is trimmed to it, ' +
      'and each replica keeps its own window of it in memory (at most 50,000 events). Older ' +
      'cursors get `CURSOR_EXPIRED`.',
  ),
  outboxMaxEvents: integer(
    'LIVE_OUTBOX_MAX_EVENTS',
    10_000,
    10,
    1_000_000,
    'Events a replica keeps while Redis cannot take them, written in order when it returns; past ' +
      'it the oldest is dropped (logged, `live_outbox_dropped_total`).',
  ),
  subscriberMaxEvents: integer(
    'LIVE_SUBSCRIBER_MAX_EVENTS',
    1_000,
    10,
    1_000_000,
    'Events waiting for one subscriber at most; past it the subscription ends with ' +
      '`SUBSCRIBER_TOO_SLOW` (and `lastCursor`), never with a silent gap.',
  ),
  subscriberMaxBytes: integer(
    'LIVE_SUBSCRIBER_MAX_BYTES',
    1024 * 1024,
    1024,
    1024 * 1024 * 1024,
    'The same bound by the size of the waiting events.',
  ),
  subscriptionsMaxConnections: integer(
    'SUBSCRIPTIONS_MAX_CONNECTIONS',
    3072,
    1,
    1_000_000,
    'graphql-ws connections per process; beyond, the upgrade gets 503. Must be below ' +
      '`HTTP_MAX_CONNECTIONS`.',
    '3/4 of `HTTP_MAX_CONNECTIONS` (`3072`)',
  ),
  subscriptionsPerClient: integer(
    'SUBSCRIPTIONS_PER_CLIENT',
    50,
    1,
    1_000_000,
    'Acknowledged sockets per user, forwarded key or address (4429 beyond), and four times as ' +
      'many unfinished handshakes per address (429). A router presenting `ROUTER_SECRET` is exempt.',
  ),
  subscriptionsSubscribesPerMinute: integer(
    'SUBSCRIPTIONS_SUBSCRIBES_PER_MINUTE',
    120,
    1,
    1_000_000,
    'Subscribe messages one connection may send per minute (bursts of a tenth); past it the ' +
      'socket is closed with 4429.',
  ),
  subscriptionsPerConnection: integer(
    'SUBSCRIPTIONS_PER_CONNECTION',
    20,
    1,
    10_000,
    'Subscriptions one connection may run at once.',
  ),
  subscriptionsKeepAliveMs: integer(
    'SUBSCRIPTIONS_KEEPALIVE_MS',
    12_000,
    0,
    600_000,
    'Pings to idle sockets; `0` never.',
  ),
  callbackOrigins: text(
    'SUBSCRIPTION_CALLBACK_ORIGINS',
    'unset',
    'Apollo Router’s HTTP callback protocol: exact origins its callback URLs may have. Needs ' +
      '`ROUTER_SECRET`; only requests presenting it are served. Empty: no callbacks.',
  ),
  callbackMax: integer(
    'SUBSCRIPTION_CALLBACK_MAX',
    1000,
    1,
    1_000_000,
    'Callback subscriptions at once per process (503 `OVERLOADED` beyond).',
  ),
  callbackMinHeartbeatMs: integer(
    'SUBSCRIPTION_CALLBACK_MIN_HEARTBEAT_MS',
    1000,
    100,
    600_000,
    'Shortest heartbeat interval a router may ask for (`0`, none, is accepted).',
  ),
  callbackTimeoutMs: integer(
    'SUBSCRIPTION_CALLBACK_TIMEOUT_MS',
    2000,
    100,
    60_000,
    'How long one POST to the router may take.',
  ),
};

export const LIVE_CONCERN: ConfigConcern = {
  title: 'Live updates: webhooks and subscriptions',
  settings: Object.values(SETTINGS),
};

export function readLiveUpdatesConfig(
  read: EnvReader,
  httpMaxConnections: number,
  routerSecret: boolean,
): LiveUpdatesConfig {
  const webhookPublicKey = read.string(SETTINGS.webhookPublicKey.name) ?? null;
  if (webhookPublicKey !== null) {
    const raw = Buffer.from(webhookPublicKey, 'base64');
    if (raw.length !== 32 || raw.toString('base64') !== webhookPublicKey) {
      read.problem(
        'WEBHOOK_PUBLIC_KEY is the provider’s public key: standard base64 of 32 bytes, like ' +
          'eu2zvPjhY6odxV34Z/EsRiERvTodkev4Fq0SlK90Izg=',
      );
    }
  }
  const subscriptionsMaxConnections = read.int(
    SETTINGS.subscriptionsMaxConnections,
    Math.max(1, Math.floor((httpMaxConnections * 3) / 4)),
  );
  // Upgraded sockets count against the HTTP limit too: HTTP must keep room of its own.
  if (subscriptionsMaxConnections >= httpMaxConnections) {
    read.problem(
      `SUBSCRIPTIONS_MAX_CONNECTIONS (${subscriptionsMaxConnections}) must be below ` +
        `HTTP_MAX_CONNECTIONS (${httpMaxConnections}): WebSockets count against both, and HTTP ` +
        'needs room of its own',
    );
  }
  const webhookToleranceSeconds = read.int(SETTINGS.webhookToleranceSeconds);
  const webhookDedupeSeconds = read.int(SETTINGS.webhookDedupeSeconds);
  // A signature is accepted up to the tolerance either side of now: a delivery stays valid for
  // twice the tolerance, and its id must be remembered that long.
  if (webhookDedupeSeconds < 2 * webhookToleranceSeconds) {
    read.problem(
      `WEBHOOK_DEDUPE_SECONDS (${webhookDedupeSeconds}) must be at least twice ` +
        `WEBHOOK_TOLERANCE_SECONDS (${webhookToleranceSeconds}): a delivery stays valid for the ` +
        'tolerance either side of now, and could be replayed after its id was forgotten',
    );
  }
  return {
    webhookPublicKey,
    webhookToleranceSeconds,
    webhookMaxBodyBytes: read.int(SETTINGS.webhookMaxBodyBytes),
    webhookDedupeSeconds,
    live: {
      replaySeconds: read.int(SETTINGS.replaySeconds),
      outboxMaxEvents: read.int(SETTINGS.outboxMaxEvents),
      subscriberMaxEvents: read.int(SETTINGS.subscriberMaxEvents),
      subscriberMaxBytes: read.int(SETTINGS.subscriberMaxBytes),
    },
    subscriptionsMaxConnections,
    subscriptionsPerConnection: read.int(SETTINGS.subscriptionsPerConnection),
    subscriptionsPerClient: read.int(SETTINGS.subscriptionsPerClient),
    subscriptionsSubscribesPerMinute: read.int(SETTINGS.subscriptionsSubscribesPerMinute),
    subscriptionsKeepAliveMs: read.int(SETTINGS.subscriptionsKeepAliveMs),
    subscriptionCallback: readSubscriptionCallback(read, routerSecret),
  };
}

/** Router callbacks: on only with ROUTER_SECRET, and only to the origins listed. */
function readSubscriptionCallback(
  read: EnvReader,
  routerSecret: boolean,
): SubscriptionCallbackConfig | null {
  const origins: string[] = [];
  for (const origin of read.list(SETTINGS.callbackOrigins.name)) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      read.problem(
        `SUBSCRIPTION_CALLBACK_ORIGINS takes exact origins like http://router:4000 (got "${origin}")`,
      );
      continue;
    }
    // As a URL spells its origin (lower case, no default port), or no callback would ever match.
    origins.push(new URL(origin).origin);
  }
  const maxActive = read.int(SETTINGS.callbackMax);
  const minHeartbeatMs = read.int(SETTINGS.callbackMinHeartbeatMs);
  const timeoutMs = read.int(SETTINGS.callbackTimeoutMs);
  if (!routerSecret) {
    if (origins.length > 0) {
      read.problem(
        'SUBSCRIPTION_CALLBACK_ORIGINS needs ROUTER_SECRET: only a router presenting it may ask ' +
          'for subscription callbacks',
      );
    }
    return null;
  }
  return { origins, maxActive, minHeartbeatMs, timeoutMs };
}
