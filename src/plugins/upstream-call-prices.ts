import { decodeNodeId, NodeType } from '../resolvers/node-id';
import { PARTICIPANT_NODE_MAX_PAGES } from '../resolvers/node.resolver';
import { MAX_UPSTREAM_PAGE_SIZE } from '../upstream/recordings-api';
/**
 * Upstream calls a field costs at worst, per instance, by `Type.field`. The cost check multiplies
 * them by how many instances the operation can produce (a connection's `first`, the number of
 * `_entities` representations). A test fails when a root or link field is missing here, so every
 * new field that reaches the upstream is priced on purpose.
 */
export interface FieldCalls {
  /** A number, or for a connection a function of its (coerced) arguments. */
  readonly calls: number | ((args: Readonly<Record<string, unknown>>) => number);
  /** A link the parent row answers alone when only these fields (and `__typename`) are selected. */
  readonly freeWhenOnly?: ReadonlySet<string>;
}

const ID_ONLY: ReadonlySet<string> = new Set(['id']);

/**
 * The first page of a list (`first`, no cursor) is one upstream page, or two when the row that
 * tells whether more follow spills past the provider's largest page.
 */
function firstPageCalls(args: Readonly<Record<string, unknown>>): number | null {
  if (args['after'] != null || args['before'] != null || args['last'] != null) return null;
  const first = typeof args['first'] === 'number' ? args['first'] : 0;
  return first >= MAX_UPSTREAM_PAGE_SIZE ? 2 : 1;
}

/**
 * A recordings connection: its first page, or at worst its window (two pages), the list's size
 * for `last`, and one more call for `totalCount` or the far side's `hasPreviousPage`/`hasNextPage`.
 */
const RECORDINGS_CONNECTION = (args: Readonly<Record<string, unknown>>) =>
  firstPageCalls(args) ?? 4;
/** A position-cursor connection: its first page, or its window (two pages) and the list's size. */
const OFFSET_CONNECTION = (args: Readonly<Record<string, unknown>>) => firstPageCalls(args) ?? 3;

export const UPSTREAM_CALLS_BY_FIELD: Readonly<Record<string, FieldCalls>> = {
  'Query.recording': { calls: 1 },
  'Query.recordings': { calls: RECORDINGS_CONNECTION },
  'Query.conference': { calls: 1 },
  'Query.conferences': { calls: OFFSET_CONNECTION },
  'Query.callLeg': { calls: 0 },
  'Query.node': { calls: (args) => nodeCalls(args['nodeId']) },
  // Priced per id by the cost check, as `_entities` is per representation.
  'Query.nodes': { calls: 0 },
  'Query._service': { calls: 0 },
  'Recording.conference': { calls: 1, freeWhenOnly: ID_ONLY },
  'Recording.callLeg': { calls: 0 },
  'Recording.downloadUrls': { calls: 0 },
  // One list call answers a whole page's transcriptions at best; one call each at worst.
  'Recording.transcription': { calls: 1 },
  'RecordingTranscription.recording': { calls: 1, freeWhenOnly: ID_ONLY },
  'Conference.recordings': { calls: RECORDINGS_CONNECTION },
  'Conference.participants': { calls: OFFSET_CONNECTION },
  'Participant.conference': { calls: 1, freeWhenOnly: new Set(['id', 'name']) },
  'Participant.callLeg': { calls: 0 },
  'CallLeg.recordings': { calls: RECORDINGS_CONNECTION },
  // Per event: the saved resource, read through the subscriber's credential.
  'Subscription.recordingSaved': { calls: 1 },
  'Subscription.transcriptionSaved': { calls: 1 },
  'Subscription.recordingEvents': { calls: 1 },
  'Subscription.transcriptionEvents': { calls: 1 },
  'RecordingEvent.recording': { calls: 0 },
  'TranscriptionEvent.transcription': { calls: 0 },
  'Mutation.deleteRecording': { calls: 1 },

  'Mutation.deleteRecordings': { calls: 1 },
  'Mutation.deleteRecordingTranscription': { calls: 1 },
  // A command is one POST, never retried once sent.
  ...Object.fromEntries(
    ['start', 'stop', 'pause', 'resume'].flatMap((verb) => [
      [`Mutation.${verb}ConferenceRecording`, { calls: 1 }],
      [`Mutation.${verb}CallRecording`, { calls: 1 }],
    ]),
  ),
  'RecordingControlPayload.conference': { calls: 1 },
};

/**
 * Upstream calls one `_entities` representation costs, by its `__typename`. A Map: the name comes
 * from the client, and on a plain object `toString` or `constructor` would find a price.
 */
export const UPSTREAM_CALLS_BY_ENTITY: ReadonlyMap<string, number> = new Map([
  ['Recording', 1],
  ['Conference', 1],
  ['RecordingTranscription', 1],
  // Known by id alone: resolving one is free.
  ['CallLeg', 0],
]);

/** Upstream calls `Query.node` costs for one node id, by the type it names; none for a bad id. */
export function nodeCalls(nodeId: unknown): number {
  try {
    return UPSTREAM_CALLS_BY_NODE[decodeNodeId(nodeId, 'nodeId').type];
  } catch {
    // Refused by the resolver before any upstream call.
    return 0;
  }
}

const UPSTREAM_CALLS_BY_NODE: Readonly<Record<NodeType, number>> = {
  [NodeType.Recording]: 1,
  [NodeType.Conference]: 1,
  [NodeType.RecordingTranscription]: 1,
  [NodeType.CallLeg]: 0,
  // No read by id: the conference's participants, page by page.
  [NodeType.Participant]: PARTICIPANT_NODE_MAX_PAGES,
};

/**
 * Entity types keyed with `resolvable: false`: other graphs may reference them, nobody may ask
 * this graph for one (the provider has no read by id). `_entities` refuses them up front.
 */
export const UNRESOLVABLE_ENTITIES: ReadonlySet<string> = new Set(['Participant']);
