import { Field, ID, InterfaceType } from 'type-graphql';

/** What `node`/`nodes` return carries its type name: the values are the domain's plain objects. */
export interface TypedNode {
  readonly __typename: string;
}

/**
 * Relay's global object identification, under names that leave `id` alone: `id` is the
 * provider's id and the federation key; `nodeId` names the type and the id, for Relay and for
 * normalised caches.
 */
@InterfaceType({
  description:
    'An object that can be fetched again by its `nodeId` alone, with `Query.node` (Relay’s ' +
    'global object identification; tell Relay `nodeInterfaceIdField: "nodeId"`).',
  resolveType: (value: TypedNode) => value.__typename,
})
export abstract class Node {
  @Field(() => ID, {
    description:
      'Opaque and stable: names the type and the provider’s id. Give it to `Query.node`; use ' +
      '`id` everywhere else.',
  })
  nodeId!: string;
}
