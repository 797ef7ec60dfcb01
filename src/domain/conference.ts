import type { Timestamp } from './timestamp';

export enum ConferenceStatus {
  INIT = 'INIT',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  UNKNOWN = 'UNKNOWN',
}

export enum ConferenceEndReason {
  ALL_LEFT = 'ALL_LEFT',
  ENDED_VIA_API = 'ENDED_VIA_API',
  HOST_LEFT = 'HOST_LEFT',
  TIME_EXCEEDED = 'TIME_EXCEEDED',
  UNKNOWN = 'UNKNOWN',
}

/** A conference as the provider describes it: `id` is all this gateway needs. */
export interface Conference {
  readonly id: string;
  readonly name: string | null;
  readonly status: ConferenceStatus | null;
  readonly region: string | null;
  readonly createdAt: Timestamp | null;
  readonly updatedAt: Timestamp | null;
  readonly expiresAt: Timestamp | null;
  readonly endReason: ConferenceEndReason | null;
  readonly connectionId: string | null;
}

/** Ended: it will not change any more. */
export function isEnded(conference: Conference): boolean {
  return conference.status === ConferenceStatus.COMPLETED;
}
