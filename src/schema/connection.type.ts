import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { Row } from '../domain/page';
import { PageInfo, type PageInfoModel } from './page-info.type';

export interface Edge<TNode> {
  readonly cursor: string;
  /** An Error for a row the provider sent broken: GraphQL shows null and the error at its path. */
  readonly node: Row<TNode>;
}

/** What a connection resolver returns; what costs a call may be a promise, read only if asked. */
export interface Connection<TNode> {
  readonly edges: readonly Edge<TNode>[];
  readonly nodes: readonly Row<TNode>[];
  readonly pageInfo: PageInfoModel;
  readonly totalCount: number | null | Promise<number | null>;
}

/**
 * Builds a Relay connection type `<Name>Connection` with its `<Name>Edge`. type-graphql 2 has no
 * connections of its own; this is the one generic we need. Nodes are nullable: a row the provider
 * sent broken is a null node with an error at its own path, never a failed list.
 */
export function createConnectionType<TNode extends object>(
  nodeType: ClassType<TNode>,
  name: string,
): ClassType<Connection<TNode>> {
  @ObjectType(`${name}Edge`, {
    description: `An edge in a ${name} connection.`,
    simpleResolvers: true,
  })
  class EdgeType implements Edge<TNode> {
    @Field(() => String, { description: 'Opaque cursor of this edge, for `after` and `before`.' })
    cursor!: string;

    @Field(() => nodeType, {
      nullable: true,
      description: `The ${name} at the end of the edge; null (with an error) if the provider sent it broken.`,
    })
    node!: Row<TNode>;
  }

  @ObjectType(`${name}Connection`, {
    description: `A page of ${name} items, Relay style.`,
    simpleResolvers: true,
  })
  class ConnectionType implements Connection<TNode> {
    @Field(() => [EdgeType], { description: 'The edges of this page, in list order.' })
    edges!: EdgeType[];

    @Field(() => [nodeType], {
      nullable: 'items',
      description: 'The nodes of this page, without edges; a broken row is null, with an error.',
    })
    nodes!: Row<TNode>[];

    @Field(() => PageInfo, { description: 'How to fetch the pages around this one.' })
    pageInfo!: PageInfo;

    @Field(() => Int, {
      nullable: true,
      description:
        'Number of items in the whole list, across pages; null when the provider does not say.',
    })
    totalCount!: number | null;
  }

  return ConnectionType;
}
