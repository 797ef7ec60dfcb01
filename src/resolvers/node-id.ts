import { BadUserInputError } from '../errors';
import { isValidId } from './valid-id';

/** The types `Query.node` can fetch again; each one implements `Node`. */
export enum NodeType {
  Recording = 'Recording',
  Conference = 'Conference',
  CallLeg = 'CallLeg',
  Participant = 'Participant',
  RecordingTranscription = 'RecordingTranscription',
}

const NODE_TYPES: ReadonlyMap<string, NodeType> = new Map(
  Object.values(NodeType).map((type) => [type, type]),
);

/** What a node id names: its type and the provider's id (a participant also names its conference). */
export type NodeKey =
  | { readonly type: Exclude<NodeType, NodeType.Participant>; readonly id: string }
  | { readonly type: NodeType.Participant; readonly id: string; readonly conferenceId: string };

// The provider has no read of a participant by id: its node id also names the conference, whose
// participants list holds it. "/" never occurs in a provider id.
const PARTICIPANT_SEPARATOR = '/';

/** `base64url("<Type>:<id>")`: opaque to clients, stable, and readable without any lookup. */
export function encodeNodeId(key: NodeKey): string {
  const id =
    key.type === NodeType.Participant
      ? `${key.conferenceId}${PARTICIPANT_SEPARATOR}${key.id}`
      : key.id;
  return Buffer.from(`${key.type}:${id}`, 'utf8').toString('base64url');
}

function notOurs(argumentName: string): BadUserInputError {
  return new BadUserInputError(
    `"${argumentName}" is not a node id of this graph: give the \`nodeId\` of a Recording, ` +
      'Conference, CallLeg, Participant or RecordingTranscription (its `id` is not one).',
    argumentName,
  );
}

/**
 * What a node id names, or BAD_USER_INPUT: strict, so that only ids this graph made (in their one
 * canonical spelling) are accepted, and nothing else costs an upstream call.
 */
export function decodeNodeId(value: unknown, argumentName: string): NodeKey {
  // A node id is at most "RecordingTranscription:" plus two ids, in base64url.
  if (typeof value !== 'string' || value.length === 0 || value.length > 400) {
    throw notOurs(argumentName);
  }
  const text = Buffer.from(value, 'base64url').toString('utf8');
  if (Buffer.from(text, 'utf8').toString('base64url') !== value) throw notOurs(argumentName);
  const colon = text.indexOf(':');
  const type = colon < 0 ? undefined : NODE_TYPES.get(text.slice(0, colon));
  const id = text.slice(colon + 1);
  if (type === undefined) throw notOurs(argumentName);
  if (type === NodeType.Participant) {
    const [conferenceId, participantId, ...rest] = id.split(PARTICIPANT_SEPARATOR);
    if (rest.length > 0 || !isValidId(conferenceId) || !isValidId(participantId)) {
      throw notOurs(argumentName);
    }
    return { type: NodeType.Participant, id: participantId, conferenceId };
  }
  if (!isValidId(id)) throw notOurs(argumentName);
  return { type, id };
}
