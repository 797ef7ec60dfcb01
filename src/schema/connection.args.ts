import { ArgsType, Field, Int } from 'type-graphql';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 250;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_PAGE_SIZE,
    description: `How many items to return, from 0 to ${MAX_PAGE_SIZE}.`,
  })
  // Null when the client passes an explicit null, which skips the default.
  first!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Return the items after this cursor (an `endCursor` or edge `cursor`).',
  })
  after?: string | null;
}
