/** Filters the upstream can apply to the recordings list; every one is optional. */
export interface RecordingFilter {
  readonly conferenceId?: string | undefined;
  readonly callLegId?: string | undefined;
  readonly callSessionId?: string | undefined;
  readonly createdAfter?: Date | undefined;
  readonly createdBefore?: Date | undefined;
}
