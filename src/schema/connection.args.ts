import { ArgsType, Field, Int } from 'type-graphql';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 250;

/** Relay connection arguments: `first`/`after` forwards, `last`/`before` backwards. */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, {
    nullable: true,
    description: `How many items to return from the start of the window, 0 to ${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when neither \`first\` nor \`last\` is given. Not with \`last\`.`,
  })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Return the items after this cursor (an `endCursor` or edge `cursor`).',
  })
  after?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `How many items to return from the end of the window, 0 to ${MAX_PAGE_SIZE}. Not with \`first\`.`,
  })
  last?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Return the items before this cursor (a `startCursor` or edge `cursor`).',
  })
  before?: string | null;
}
