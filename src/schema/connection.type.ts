import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { PageInfo, type PageInfoModel } from './page-info.type';

export interface Edge<TNode> {
  cursor: string;
  node: TNode;
}

export interface Connection<TNode> {
  edges: Edge<TNode>[];
  nodes: TNode[];
  pageInfo: PageInfoModel;
  totalCount: number;
}

/**
 * Builds a Relay connection type `<Name>Connection` with its `<Name>Edge`. type-graphql 2 has no
 * connections of its own; this is the one generic we need.
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
    @Field(() => String, { description: 'Opaque cursor of this edge, for `after`.' })
    cursor!: string;

    @Field(() => nodeType, { description: `The ${name} at the end of the edge.` })
    node!: TNode;
  }

  @ObjectType(`${name}Connection`, {
    description: `A page of ${name} items, Relay style.`,
    simpleResolvers: true,
  })
  class ConnectionType implements Connection<TNode> {
    @Field(() => [EdgeType], { description: 'The edges of this page, in list order.' })
    edges!: EdgeType[];

    @Field(() => [nodeType], { description: 'The nodes of this page, without edges.' })
    nodes!: TNode[];

    @Field(() => PageInfo, { description: 'How to fetch the next page.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Number of items in the whole list, across pages.' })
    totalCount!: number;
  }

  return ConnectionType;
}
