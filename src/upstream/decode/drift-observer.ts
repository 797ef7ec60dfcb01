/** What the gateway tolerated in an upstream answer, so operators see the provider drift. */
export type DriftKind =
  /** An enum value this gateway does not know yet: served as UNKNOWN. */
  | 'unknown_value'
  /** A field of the wrong shape: served as null. */
  | 'invalid'
  /** A number sent as a digit string, an id sent as a number, a boolean as a string. */
  | 'coerced'
  /** A timestamp without an offset: read as UTC. */
  | 'offsetless_timestamp'
  /** A row without what identifies it: a null node with an error. */
  | 'broken_row'
  /** A list answer that is not newest first, or whose `meta` contradicts its rows. */
  | 'inconsistent_page'
  /** The provider answered a smaller page than asked: re-planned with its page size. */
  | 'page_size_capped';

export interface DriftEvent {
  readonly kind: DriftKind;
  /** recording, conference, participant, transcription, page. */
  readonly resource: string;
  /** The wire field path, e.g. `download_urls.wav`. */
  readonly field: string;
  /** The unknown enum value, or what was expected. Never a URL or a free text value. */
  readonly detail?: string;
  /** The row's id, when it has one. */
  readonly rowId?: string;
}

export interface DriftObserver {
  observe(event: DriftEvent): void;
}

/** For callers that do not care (tests of pure mapping). */
export const IGNORE_DRIFT: DriftObserver = { observe: () => undefined };
