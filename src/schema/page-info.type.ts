import { Field, ObjectType } from 'type-graphql';

/** Either direction's answer may cost an upstream call: a promise, read only if asked. */
export interface PageInfoModel {
  readonly hasNextPage: boolean | Promise<boolean>;
  readonly hasPreviousPage: boolean | Promise<boolean>;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

@ObjectType({ description: 'Relay page information for a connection.', simpleResolvers: true })
export class PageInfo implements PageInfoModel {
  @Field(() => Boolean, {
    description: 'Whether items follow the last edge (exact, whichever way the page was asked).',
  })
  hasNextPage!: boolean;

  @Field(() => Boolean, {
    description: 'Whether items precede the first edge (exact, whichever way the page was asked).',
  })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge, if any.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge, if any.' })
  endCursor!: string | null;
}
