export enum ConferenceStatus {
  INIT = 'INIT',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
}

export enum ConferenceEndReason {
  ALL_LEFT = 'ALL_LEFT',
  ENDED_VIA_API = 'ENDED_VIA_API',
  HOST_LEFT = 'HOST_LEFT',
  TIME_EXCEEDED = 'TIME_EXCEEDED',
}

export interface Conference {
  readonly id: string;
  readonly name: string;
  readonly status: ConferenceStatus | null;
  readonly region: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date | null;
  readonly expiresAt: Date;
  readonly endReason: ConferenceEndReason | null;
}
