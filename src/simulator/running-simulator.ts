import type { FaultSet } from './faults';
import type { SimulatorDrift } from './drift';
import type { SimulatorRateLimit } from './rate-limit';
import type { SeedOptions } from './seed-data';
import type { SimDataset, SimRecording, SimTranscription } from './sim-records';
import type { WebhookSender } from './webhook-sender';

// The simulator's contract with its callers (tests, benchmarks, `npm start`): how it is started
// and what a running one offers.

export interface SimulatorOptions {
  /** Bearer tokens the simulated provider accepts. */
  readonly apiKeys: readonly string[];
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly seed?: SeedOptions;
  /** Fixed delay before every answer, standing for the network. */
  readonly latencyMs?: number;
  /** A per-key rate limit with the provider's headers and 429s; none by default. */
  readonly rateLimit?: SimulatorRateLimit;
  /** Most requests answered at once; beyond it, 503 (an overloaded provider). None by default. */
  readonly maxConcurrency?: number;
  /** Keep a log of every request (tests count calls); a long benchmark only needs counters. */
  readonly recordRequests?: boolean;
  /** Where signed webhooks go (also settable later: `simulator.webhooks.target`). */
  readonly webhookUrl?: URL | null;
  /** Save a new recording this often (a signed webhook follows); 0 or absent: never. */
  readonly newRecordingEveryMs?: number;
}

/** How `saveRecording` behaves beyond the row itself. */
export interface SaveOptions {
  /** A completed transcription follows, with its own event. */
  readonly transcribe?: boolean;
  /** The event leaves `recording_id` out, as some `call.recording.saved` events do. */
  readonly omitRecordingId?: boolean;
}

/** Counters kept whatever `recordRequests` says (GET /__admin/stats). */
export interface SimulatorStats {
  requests: number;
  byStatus: Record<string, number>;
  peakConcurrency: number;
}

/** One request the simulator answered, for tests that count upstream calls. */
export interface SimulatorRequest {
  readonly method: string;
  /** The route template, e.g. `GET /recordings/{id}`. */
  readonly route: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** 0 when the fault injected was a reset or a hang. */
  readonly status: number;
  /** The JSON body of a POST (null when none or not JSON). */
  readonly body?: unknown;
  /** The W3C trace context the caller sent, if any (tests follow a trace to the provider). */
  readonly traceparent?: string;
}

export interface RunningSimulator {
  /** Base URL including `/v2`, as UPSTREAM_URL expects it. */
  readonly baseUrl: URL;
  readonly dataset: SimDataset;
  readonly requests: readonly SimulatorRequest[];
  /** Most requests it was answering at once since the last clearRequests(). */
  readonly peakConcurrency: number;
  /** Counters since start or the last clearRequests(). */
  readonly stats: SimulatorStats;
  clearRequests(): void;
  /** Fault injection; also reachable over HTTP at /__admin/faults. */
  readonly faults: FaultSet;
  /** How the provider drifts from its documentation; also at /__admin/drift. Mutable. */
  readonly drift: SimulatorDrift;
  /** The provider stops accepting a key (401 from then on), or accepts it again. */
  revokeApiKey(key: string): void;
  restoreApiKey(key: string): void;
  /** Patches one recording's wire fields (`undefined` removes one): row-level drift. */
  patchRecording(id: string, patch: Readonly<Record<string, unknown>>): void;
  /**
   * A recording arrives: made now unless `created_at` is given, placed in the list by
   * `created_at` (newest first; after the recordings it ties with). Returns the stored row.
   */
  addRecording(overrides?: Partial<SimRecording>): SimRecording;
  /** A recording is saved: added, then announced by a signed webhook (delivered before it resolves). */
  saveRecording(overrides?: Partial<SimRecording>, options?: SaveOptions): Promise<SimRecording>;
  /** A recording's transcription is saved (completed) and announced. */
  saveTranscription(recordingId: string): Promise<SimTranscription>;
  /** The provider's webhook signing and delivery. */
  readonly webhooks: WebhookSender;
  close(): Promise<void>;
}
