/**
 * Upstream calls a field costs at worst, per instance, by `Type.field`. The cost check multiplies
 * them by how many instances the operation can produce (a connection's `first`, the number of
 * `_entities` representations). A test fails when a root or link field is missing here, so every
 * new field that reaches the upstream is priced on purpose.
 */
export interface FieldCalls {
  readonly calls: number;
  /** A link the parent row answers alone when only `id`/`__typename` are selected. */
  readonly freeWhenOnlyId?: boolean;
}

export const UPSTREAM_CALLS_BY_FIELD: Readonly<Record<string, FieldCalls>> = {
  'Query.recording': { calls: 1 },
  'Query.recordings': { calls: 1 },
  'Query.conference': { calls: 1 },
  'Query.callLeg': { calls: 0 },
  'Query._service': { calls: 0 },
  'Recording.conference': { calls: 1, freeWhenOnlyId: true },
  'Recording.callLeg': { calls: 0 },
  'Recording.downloadUrls': { calls: 0 },
  'Conference.recordings': { calls: 1 },
  'CallLeg.recordings': { calls: 1 },
  'Mutation.deleteRecording': { calls: 1 },
};

/** Upstream calls one `_entities` representation costs, by its `__typename`. */
export const UPSTREAM_CALLS_BY_ENTITY: Readonly<Record<string, number>> = {
  Recording: 1,
  Conference: 1,
  // Known by id alone: resolving one is free.
  CallLeg: 0,
};
