import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../context';
import type { Participant } from '../domain/participant';
import type { Loaders } from '../loaders/create-loaders';
import { Node, type TypedNode } from '../schema/node.interface';
import { decodeNodeId, NodeType, type NodeKey } from './node-id';

/**
 * Most pages of a conference's participants a Participant node reads (the provider has no read of
 * one by id); a participant further down is not found. The price of a Participant node.
 */
export const PARTICIPANT_NODE_MAX_PAGES = 4;

function typed<T extends object>(type: NodeType, value: T | null): (T & TypedNode) | null {
  return value === null ? null : { ...value, __typename: type };
}

async function findParticipant(
  loaders: Loaders,
  conferenceId: string,
  id: string,
): Promise<Participant | null> {
  const limit = loaders.paging.maxPageSize;
  for (let page = 0; page < PARTICIPANT_NODE_MAX_PAGES; page += 1) {
    const slice = await loaders.participantWindow.load({
      filter: { conferenceId },
      offset: page * limit,
      limit,
    });
    for (const row of slice.items) if (!(row instanceof Error) && row.id === id) return row;
    if (!slice.hasMore) return null;
  }
  return null;
}

/** One node through the same per-request loaders `_entities` uses: batched, de-duplicated. */
async function loadNode(loaders: Loaders, key: NodeKey): Promise<TypedNode | null> {
  switch (key.type) {
    case NodeType.Recording:
      return typed(key.type, await loaders.recordingById.load(key.id));
    case NodeType.Conference:
      return typed(key.type, await loaders.conferenceById.load(key.id));
    case NodeType.RecordingTranscription:
      return typed(key.type, await loaders.transcriptionById.load(key.id));
    case NodeType.CallLeg:
      // Known by id alone, as `Query.callLeg` and `_entities` know it.
      return typed(key.type, { id: key.id });
    case NodeType.Participant:
      return typed(key.type, await findParticipant(loaders, key.conferenceId, key.id));
  }
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: 'Any object by its `nodeId` (Relay’s refetch); null when the provider has none.',
  })
  node(
    @Arg('nodeId', () => ID, { description: 'A `nodeId` this graph gave out.' }) nodeId: string,
    @Ctx() { loaders }: GatewayContext,
  ): Promise<TypedNode | null> {
    return loadNode(loaders, decodeNodeId(nodeId, 'nodeId'));
  }

  @Query(() => [Node], {
    nullable: 'items',
    description:
      'Objects by their `nodeId`s, in the order given: null where the provider has none, and an ' +
      'error in the slot of an id that is not a `nodeId`. At most GRAPHQL_MAX_ENTITIES at once.',
  })
  nodes(
    @Arg('nodeIds', () => [ID], { description: '`nodeId`s this graph gave out.' })
    nodeIds: string[],
    @Ctx() { loaders }: GatewayContext,
  ): Promise<TypedNode | null>[] {
    // One bad id fails its own slot: the rest still load, in one batch per loader.
    return nodeIds.map(async (nodeId) => loadNode(loaders, decodeNodeId(nodeId, 'nodeIds')));
  }
}
