import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { bufferedRequest } from '../src/upstream/transport/buffered-request';

export interface LoadOptions {
  readonly url: URL;
  readonly connections: number;
  readonly seconds: number;
  /** Load first sent for this long and not counted: the measured seconds are a warm process's. */
  readonly warmupSeconds?: number;
  /** Called when the warm-up ends (e.g. to reset the upstream's counters). */
  readonly onMeasureStart?: () => Promise<void>;
  /**
   * Clients wait out a refusal's `Retry-After` before their next request, as well-behaved
   * clients do; by default they send it at once (the worst case).
   */
  readonly honourRetryAfter?: boolean;
  /** Builds each request: a GET path, or a POST body for the URL's path. */
  readonly next: () =>
    | { readonly method: 'GET'; readonly path: string }
    | {
        readonly method: 'POST';
        readonly body: string;
        readonly headers?: Readonly<Record<string, string>>;
      };
}

export interface OutcomeStats {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface LoadResult {
  readonly seconds: number;
  /** Answers without errors. */
  readonly ok: OutcomeStats;
  /** Everything else, by GraphQL error code (or `HTTP <status>`, `network`). */
  readonly failed: Readonly<Record<string, OutcomeStats>>;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function summary(latencies: number[]): OutcomeStats {
  latencies.sort((a, b) => a - b);
  return {
    count: latencies.length,
    p50: Math.round(percentile(latencies, 50)),
    p99: Math.round(percentile(latencies, 99)),
    max: Math.round(latencies.at(-1) ?? 0),
  };
}

/** A closed-loop client waits this long for an answer before counting a network failure. */
const ANSWER_TIMEOUT_MS = 120_000;

/** The first error code of a GraphQL answer, or null for a clean one. */
function outcomeOf(status: number, text: string): string | null {
  if (status === 200 && !text.includes('"errors"')) return null;
  try {
    const body = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
    const code = body.errors?.[0]?.extensions?.code;
    if (code) return code;
  } catch {
    // Not JSON: the status tells.
  }
  return status === 200 ? 'partial' : `HTTP ${status}`;
}

/**
 * Closed-loop load: `connections` clients, each sending its next request when its last answer
 * arrives, for `seconds`. Unlike a plain req/s count, every answer is classified (clean, or by
 * error code) and timed, so goodput and the latency of refusals show apart.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const pool = new Pool(options.url.origin, {
    connections: options.connections,
    pipelining: 1,
  });
  const latencies = new Map<string, number[]>();
  const record = (outcome: string, ms: number) => {
    let list = latencies.get(outcome);
    if (!list) latencies.set(outcome, (list = []));
    list.push(ms);
  };
  const warmupEndsAt = performance.now() + (options.warmupSeconds ?? 0) * 1000;
  const started = warmupEndsAt;
  const measureStart = setTimeout(
    () => void options.onMeasureStart?.(),
    Math.max(0, warmupEndsAt - performance.now()),
  );
  const endAt = started + options.seconds * 1000;
  const client = async (): Promise<void> => {
    while (performance.now() < endAt) {
      const request = options.next();
      const begin = performance.now();
      try {
        const answer = await bufferedRequest(pool, {
          ...(request.method === 'GET'
            ? { method: 'GET', path: request.path, headers: {} }
            : {
                method: 'POST',
                path: options.url.pathname,
                headers: { 'content-type': 'application/json', ...request.headers },
                body: request.body,
              }),
          headersTimeout: ANSWER_TIMEOUT_MS,
          bodyTimeout: ANSWER_TIMEOUT_MS,
        });
        if (begin >= warmupEndsAt) {
          record(outcomeOf(answer.statusCode, answer.text) ?? 'ok', performance.now() - begin);
        }
        const retryAfterSeconds = Number(answer.headers['retry-after']) || 0;
        if (options.honourRetryAfter && answer.statusCode >= 429 && retryAfterSeconds > 0) {
          await new Promise((resolve) => setTimeout(resolve, retryAfterSeconds * 1000));
        }
      } catch {
        if (begin >= warmupEndsAt) record('network', performance.now() - begin);
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, () => client()));
  clearTimeout(measureStart);

  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  const failed: Record<string, OutcomeStats> = {};
  for (const [outcome, list] of latencies) if (outcome !== 'ok') failed[outcome] = summary(list);
  return { seconds, ok: summary(latencies.get('ok') ?? []), failed };
}
