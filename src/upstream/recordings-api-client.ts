import { recordingPath } from './recordings/recordings-endpoint';
import { transcriptionPath } from './transcriptions/transcriptions-endpoint';
import type { UpstreamCache } from './cache/upstream-cache';
import type { DriftObserver } from './decode/drift-observer';
import type { RecordingsApi } from './recordings-api';
import type { BreakerState } from './scheduling/circuit-breaker';

import type {
  AttemptHooks,
  Credential,
  ProbeResult,
  UpstreamTransport,
} from './transport/upstream-transport';
import { SessionApi } from './session-api';
import { UpstreamSession } from './upstream-session';

export type { AttemptHooks, Credential, ProbeResult } from './transport/upstream-transport';

export interface RecordingsApiClientOptions {
  readonly transport: UpstreamTransport;
  /** Cross-request cache of upstream answers; null: none. */
  readonly cache: UpstreamCache | null;
  readonly drift: DriftObserver;
}

/**
 * The only code that speaks the upstream's wire format, composed of a transport (HTTP,
 * resilience, status meanings), the cache, and one endpoint module per resource. One instance per
 * process; `forCredential` binds it to one request's credential.
 */
export class RecordingsApiClient {
  constructor(private readonly options: RecordingsApiClientOptions) {}

  get breakerState(): BreakerState {
    return this.options.transport.breakerState;
  }

  forCredential(credential: Credential, hooks: AttemptHooks = {}): RecordingsApi {
    const { transport, cache, drift } = this.options;
    const session = new UpstreamSession(
      transport,
      credential,
      cache?.forCredential(credential.value) ?? null,
      cache?.options ?? { immutableTtlSeconds: 0, mutableTtlSeconds: 0 },
      drift,
      hooks,
    );
    return new SessionApi(session);
  }

  probe(serverKey: string | null): Promise<ProbeResult> {
    return this.options.transport.probe(serverKey);
  }

  /**
   * Provider events said these recordings and transcriptions (and so every list) changed: cached
   * copies are misses from now on, for every credential.
   */
  markChanged(change: {
    readonly recordingIds: readonly string[];
    readonly transcriptionIds: readonly string[];
  }): void {
    this.options.cache?.markChanged([
      ...change.recordingIds.map(recordingPath),
      ...change.transcriptionIds.map(transcriptionPath),
    ]);
  }

  close(): Promise<void> {
    return this.options.transport.close();
  }
}
