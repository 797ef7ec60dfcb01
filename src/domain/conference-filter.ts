import type { ConferenceStatus } from './conference';

/** Filters the upstream applies to the conferences list; every one is optional. */
export interface ConferenceFilter {
  readonly name?: string | undefined;
  /** Never UNKNOWN: that is not a value the provider can filter on. */
  readonly status?: Exclude<ConferenceStatus, ConferenceStatus.UNKNOWN> | undefined;
}
