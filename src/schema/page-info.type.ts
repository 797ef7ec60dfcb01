import { Field, ObjectType } from 'type-graphql';

export interface PageInfoModel {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

@ObjectType({ description: 'Relay page information for a connection.', simpleResolvers: true })
export class PageInfo implements PageInfoModel {
  @Field(() => Boolean, { description: 'Whether more items follow the last edge.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'Whether items precede the first edge.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge, if any.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge, if any.' })
  endCursor!: string | null;
}
