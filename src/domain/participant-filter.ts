/** Filters the upstream applies to a conference's participants; every one is optional. */
export interface ParticipantFilter {
  readonly muted?: boolean | undefined;
  readonly onHold?: boolean | undefined;
  readonly whispering?: boolean | undefined;
}
