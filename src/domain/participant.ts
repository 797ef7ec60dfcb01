import type { Timestamp } from './timestamp';

export enum ParticipantStatus {
  JOINING = 'JOINING',
  JOINED = 'JOINED',
  LEFT = 'LEFT',
  UNKNOWN = 'UNKNOWN',
}

/**
 * A call leg's part in a conference. The provider documents every field as always present, and
 * the graph promises most of them non-null: a row missing one is a broken row, not a guess.
 */
export interface Participant {
  readonly id: string;
  readonly callLegId: string;
  readonly callControlId: string;
  /** The row carries the conference's id and name: enough to answer `conference { id name }`. */
  readonly conference: { readonly id: string; readonly name: string | null };
  readonly status: ParticipantStatus;
  readonly muted: boolean;
  readonly onHold: boolean;
  readonly endConferenceOnExit: boolean;
  readonly softEndConferenceOnExit: boolean;
  readonly whisperCallControlIds: readonly string[];
  readonly createdAt: Timestamp | null;
  readonly updatedAt: Timestamp | null;
}
