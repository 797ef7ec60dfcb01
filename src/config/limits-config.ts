import type { EnvReader } from './env-reader';
import { flag, integer, type ConfigConcern } from './setting';

/** Admission control (overload) and the limits on what one request may ask. */
export interface LimitsConfig {
  /** GraphQL requests running at once; beyond, 503 OVERLOADED. */
  readonly admissionMaxConcurrent: number;
  /** Upstream queueing delay beyond which new requests are shed (for 100 ms running). */
  readonly admissionQueueDelayMs: number;
  /** Event-loop delay (p99 over 100 ms) beyond which the admission limit shrinks. */
  readonly admissionEventLoopDelayMs: number;
  /** Longest a request waits at the door for a place before 503 OVERLOADED. */
  readonly admissionQueueTimeoutMs: number;
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxTokens: number;
  /** Objects one HTTP request may ask for (every batched operation together). */
  readonly maxCost: number;
  /** Upstream calls one HTTP request may cause at worst (every batched operation together). */
  readonly maxUpstreamCalls: number;
  /** Representations one `_entities` request may carry. */
  readonly maxEntities: number;
  /** Operations one HTTP request may batch; 1 turns batching off. */
  readonly maxBatch: number;
  readonly maxBodyBytes: number;
  /** Upstream calls one client (credential, user or address) may cause per minute; 0: no limit. */
  readonly clientRateLimitPerMinute: number;
  /** Queries of documents Apollo already validated run without its request pipeline. */
  readonly directExecution: boolean;
}

const ADMISSION = {
  admissionMaxConcurrent: integer(
    'ADMISSION_MAX_CONCURRENT',
    4096,
    1,
    1_000_000,
    'Hard cap on GraphQL requests running at once.',
  ),
  admissionEventLoopDelayMs: integer(
    'ADMISSION_EVENT_LOOP_DELAY_MS',
    150,
    5,
    60_000,
    'Event-loop delay (p99 over 100 ms) that means the CPU is the limit.',
  ),
  admissionQueueDelayMs: integer(
    'ADMISSION_QUEUE_DELAY_MS',
    50,
    1,
    60_000,
    'How long the oldest upstream call may wait for a slot before the door narrows.',
  ),
  admissionQueueTimeoutMs: integer(
    'ADMISSION_QUEUE_TIMEOUT_MS',
    20,
    0,
    60_000,
    'Longest a request waits at the door before `OVERLOADED`. A refusal should reach the client ' +
      'within 50 ms, wait included; the rest of that is left to a busy event loop (at 50, clients ' +
      'that honour `Retry-After` saw refusals at 53 to 68 ms p50).',
  ),
};

const LIMITS = {
  maxDepth: integer('GRAPHQL_MAX_DEPTH', 12, 1, 100, 'Deepest selection.'),
  maxAliases: integer(
    'GRAPHQL_MAX_ALIASES',
    50,
    0,
    10_000,
    'Aliases in one operation, fragments expanded.',
  ),
  maxTokens: integer(
    'GRAPHQL_MAX_TOKENS',
    5000,
    100,
    1_000_000,
    'Tokens in one document; more is a parse error (HTTP 400).',
  ),
  maxCost: integer(
    'GRAPHQL_MAX_COST',
    5000,
    1,
    100_000_000,
    'Objects one HTTP request may ask for, every batched operation together. An object costs 1; ' +
      'a connection costs its selection once per item of `first`.',
  ),
  maxUpstreamCalls: integer(
    'GRAPHQL_MAX_UPSTREAM_CALLS',
    300,
    1,
    1_000_000,
    'Upstream calls one HTTP request may cause at worst (before de-duplication and caching), ' +
      'every batched operation together.',
  ),
  maxEntities: integer(
    'GRAPHQL_MAX_ENTITIES',
    250,
    1,
    100_000,
    'Representations in one `_entities` request, and ids in one `nodes` request.',
  ),
  maxBatch: integer(
    'GRAPHQL_MAX_BATCH',
    10,
    1,
    1000,
    'Operations in one batched HTTP request; `1` turns batching off.',
  ),
  directExecution: flag(
    'GRAPHQL_DIRECT_EXECUTION',
    true,
    'A query whose document Apollo has already parsed and validated (the last 1,000 documents up ' +
      'to 8 KiB, at most 1 MiB of text and 50,000 syntax nodes in all) runs without Apollo’s ' +
      'request pipeline: the same ' +
      'scope and price checks, graphql-js `execute`, the same log line and metrics, byte for byte ' +
      'the same answer. A check that refuses it, or an answer with errors, is handed back to ' +
      'Apollo, which answers it as always. `false`: Apollo answers every request.',
  ),
  maxBodyBytes: integer(
    'GRAPHQL_MAX_BODY_BYTES',
    100_000,
    1000,
    50_000_000,
    'Largest request body (413 beyond).',
  ),
  clientRateLimitPerMinute: integer(
    'CLIENT_RATE_LIMIT_PER_MINUTE',
    1200,
    0,
    10_000_000,
    'Upstream calls one client may cause per minute; `0` turns the limit off. A client is a ' +
      'forwarded API key, or else an address.',
  ),
};

export const ADMISSION_CONCERN: ConfigConcern = {
  title: 'Admission (overload)',
  intro:
    'The front door of `/graphql`: how many GraphQL requests run at once, adjusted every 100 ms. ' +
    'The limit doubles while it binds and nothing is overloaded (from 64), then grows by its ' +
    'square root; it shrinks by a tenth when the process’s event loop lags or upstream calls ' +
    'queue for slots (not while the upstream limit is still growing). Headroom left unused decays ' +
    'to three times the peak (then doubles again when it binds), so a limit grown under cheap ' +
    'reads does not let a burst of costly ones in all at once. A request beyond it waits briefly, ' +
    'newest first, and is answered 503 `OVERLOADED` with `Retry-After` when no place frees in ' +
    'time. Health, metrics and webhook routes are not behind it.',
  settings: Object.values(ADMISSION),
};

export const LIMITS_CONCERN: ConfigConcern = {
  title: 'Limits on what a request may ask',
  intro: 'Checked before anything runs; see the security documentation for how they combine.',
  settings: Object.values(LIMITS),
};

export function readLimitsConfig(read: EnvReader): LimitsConfig {
  return {
    admissionMaxConcurrent: read.int(ADMISSION.admissionMaxConcurrent),
    admissionQueueDelayMs: read.int(ADMISSION.admissionQueueDelayMs),
    admissionEventLoopDelayMs: read.int(ADMISSION.admissionEventLoopDelayMs),
    admissionQueueTimeoutMs: read.int(ADMISSION.admissionQueueTimeoutMs),
    maxDepth: read.int(LIMITS.maxDepth),
    maxAliases: read.int(LIMITS.maxAliases),
    maxTokens: read.int(LIMITS.maxTokens),
    maxCost: read.int(LIMITS.maxCost),
    maxUpstreamCalls: read.int(LIMITS.maxUpstreamCalls),
    maxEntities: read.int(LIMITS.maxEntities),
    maxBatch: read.int(LIMITS.maxBatch),
    maxBodyBytes: read.int(LIMITS.maxBodyBytes),
    clientRateLimitPerMinute: read.int(LIMITS.clientRateLimitPerMinute),
    directExecution: read.flag(LIMITS.directExecution),
  };
}
