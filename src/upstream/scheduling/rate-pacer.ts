import { createHash } from 'node:crypto';
import { retryAfterSeconds } from '../transport/upstream-status';

/** What the pacer allows: go after `waitMs`, or not within the time there is. */
export type PaceDecision =
  | { readonly ok: true; readonly waitMs: number }
  | { readonly ok: false; readonly retryAfterMs: number };

/**
 * Where the pacing state of each key lives: this process, or Redis for every replica. A GCRA
 * (generic cell rate algorithm) reservation: one theoretical arrival time per key, moved one
 * interval on for each request it lets through.
 */
export interface PaceStore {
  /** Reserves the next slot at `intervalMs` spacing with `burstMs` of tolerance; no reservation beyond `maxWaitMs`. */
  reserve(
    key: string,
    intervalMs: number,
    burstMs: number,
    maxWaitMs: number,
  ): Promise<PaceDecision>;
  /** Nothing for this key until `untilEpochMs` (the provider said its window is spent). */
  block(key: string, untilEpochMs: number): Promise<void>;
}

/** The provider's limit for one key, as its headers (or the operator) tell it. */
export interface RateModel {
  readonly limit: number;
  readonly windowMs: number;
}

export interface RatePacerOptions {
  /** A limit the operator knows (UPSTREAM_RATE_LIMIT); otherwise learned from headers. */
  readonly declared?: RateModel | null;
  /** Share of the limit to use (0.9): below it, so late calls, clocks and other clients do not tip it over. */
  readonly headroom?: number;
  readonly now?: () => number;
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** Credential hashes already computed: one sha256 per key, not per call. */
const KEYS = new Map<string, string>();

function header(headers: Headers, name: string): number | null {
  const raw = headers[name];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return raw !== undefined && Number.isFinite(value) ? value : null;
}

/**
 * Paces upstream calls to the provider's rate limit, per upstream credential, so that the
 * gateway stays under it instead of finding it by 429s. The limit comes from the operator or
 * from `x-ratelimit-limit`, the window from the largest `x-ratelimit-reset` seen (seconds until
 * the reset); calls are spaced evenly at a little under that rate (GCRA). Until a key's limit is
 * known, its calls go one at a time, so the first answer's headers are learned before a burst.
 * `remaining: 0` and a 429 stop the key until the reset (`Retry-After` wins when present). A call
 * that could not go before its deadline is refused at once with how long to wait.
 */
export class RatePacer {
  private readonly models = new Map<string, RateModel | 'unlimited'>();
  private readonly probes = new Map<string, Promise<void>>();
  private readonly settleProbe = new Map<string, () => void>();
  private readonly widestWindowMs = new Map<string, number>();
  /** When this process last heard a key refused (429, or none remaining), until when. */
  private readonly refusedUntil = new Map<string, number>();
  private readonly headroom: number;
  private readonly now: () => number;

  constructor(
    private readonly store: PaceStore,
    private readonly options: RatePacerOptions = {},
  ) {
    this.headroom = options.headroom ?? 0.9;
    this.now = options.now ?? Date.now;
  }

  /** A stable name for a credential (the store never sees the key itself); remembered. */
  static keyOf(credential: string): string {
    let key = KEYS.get(credential);
    if (key === undefined) {
      if (KEYS.size >= 10_000) KEYS.clear();
      key = createHash('sha256').update(credential).digest('base64url').slice(0, 22);
      KEYS.set(credential, key);
    }
    return key;
  }

  /**
   * True when a call for this key may go now without asking the store: the provider sends no
   * rate headers for it and has not refused it lately. Otherwise `reserve` decides.
   */
  goesAtOnce(key: string): boolean {
    return this.models.get(key) === 'unlimited' && (this.refusedUntil.get(key) ?? 0) <= this.now();
  }

  /** Whether one call for this key may go now, after how long, or not in time. */
  async reserve(key: string, maxWaitMs: number): Promise<PaceDecision> {
    const model = this.models.get(key) ?? this.options.declared ?? null;
    // Unpaced, but a 429 (or a spent window) still stops the key until its reset.
    if (model === 'unlimited') {
      if ((this.refusedUntil.get(key) ?? 0) <= this.now()) return { ok: true, waitMs: 0 };
      return this.store.reserve(key, 0, 0, maxWaitMs);
    }
    if (model === null) return this.probe(key, maxWaitMs);
    const intervalMs = this.intervalOf(model);
    return this.store.reserve(
      key,
      intervalMs,
      intervalMs * burstCalls(model, this.headroom),
      maxWaitMs,
    );
  }

  /** Learns from an answer's status and headers. */
  async observe(key: string, status: number, headers: Headers): Promise<void> {
    const limit = header(headers, 'x-ratelimit-limit');
    const reset = header(headers, 'x-ratelimit-reset');
    const remaining = header(headers, 'x-ratelimit-remaining');
    if (limit !== null && limit > 0) {
      const seenMs = Math.max(1000, (reset ?? 1) * 1000);
      const windowMs = Math.max(this.widestWindowMs.get(key) ?? 0, seenMs);
      this.widestWindowMs.set(key, windowMs);
      const learned = !this.models.has(key) && this.options.declared == null;
      const model = { limit, windowMs };
      this.models.set(key, model);
      // The probe that taught us went unpaced: it takes its slot now, so a window holds no extra call.
      if (learned) await this.store.reserve(key, this.intervalOf(model), 0, 3_600_000);
    } else if (!this.models.has(key) && status !== 429 && this.options.declared == null) {
      // The provider sends no rate headers for this key, and no limit was declared: nothing to pace.
      this.models.set(key, 'unlimited');
    }
    this.settle(key);
    const waitSeconds =
      status === 429 ? (retryAfterSeconds(headers) ?? 1) : remaining === 0 ? (reset ?? 1) : null;
    if (waitSeconds !== null) {
      const until = this.now() + waitSeconds * 1000;
      this.refusedUntil.set(key, Math.max(this.refusedUntil.get(key) ?? 0, until));
      await this.store.block(key, until);
    }
  }

  private intervalOf(model: RateModel): number {
    return model.windowMs / (model.limit * this.headroom);
  }

  /** Ends a key's first call without a usable answer (a network error): the next one probes. */
  settle(key: string): void {
    this.settleProbe.get(key)?.();
  }

  private async probe(key: string, maxWaitMs: number): Promise<PaceDecision> {
    // A key stopped by a 429 stays stopped, known limit or not.
    const gate = await this.store.reserve(key, 0, 0, maxWaitMs);
    if (!gate.ok) return gate;
    const inFlight = this.probes.get(key);
    if (!inFlight) {
      let release = (): void => undefined;
      const probe = new Promise<void>((resolve) => {
        release = resolve;
      });
      this.probes.set(key, probe);
      this.settleProbe.set(key, () => {
        this.probes.delete(key);
        this.settleProbe.delete(key);
        release();
      });
      return gate;
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), maxWaitMs);
    });
    const result = await Promise.race([inFlight.then(() => 'settled' as const), timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') return { ok: false, retryAfterMs: 1000 };
    return this.reserve(key, maxWaitMs);
  }
}

/**
 * Calls allowed at once on top of the even spacing. Providers count fixed windows: at spacing
 * `window / (limit × headroom)` a window already holds ceil(limit × headroom) calls. The burst
 * takes at most half of what the headroom leaves after one call of margin (none for small
 * limits), and at most a twentieth of the quota: the other half absorbs calls that leave late
 * (a busy event loop, a slow network) and land in the next window.
 */
function burstCalls(model: RateModel, headroom: number): number {
  const spare = model.limit - Math.ceil(model.limit * headroom) - 1;
  return Math.max(0, Math.min(Math.floor(spare / 2), Math.floor(model.limit * 0.05)));
}

/** The pacing state in this process: right for one replica (or as Redis's fallback). */

export class MemoryPaceStore implements PaceStore {
  private readonly arrival = new Map<string, number>();
  private readonly blockedUntil = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  reserve(
    key: string,
    intervalMs: number,
    burstMs: number,
    maxWaitMs: number,
  ): Promise<PaceDecision> {
    const now = this.now();
    const start = Math.max(now, this.blockedUntil.get(key) ?? 0);
    const tat = Math.max(this.arrival.get(key) ?? 0, start);
    const waitMs = Math.max(start - now, tat - burstMs - now, 0);
    if (waitMs > maxWaitMs) return Promise.resolve({ ok: false, retryAfterMs: waitMs });
    this.arrival.set(key, tat + intervalMs);
    return Promise.resolve({ ok: true, waitMs });
  }

  block(key: string, untilEpochMs: number): Promise<void> {
    this.blockedUntil.set(key, Math.max(this.blockedUntil.get(key) ?? 0, untilEpochMs));
    return Promise.resolve();
  }
}
