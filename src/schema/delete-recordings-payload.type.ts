import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'What a bulk delete did.', simpleResolvers: true })
export class DeleteRecordingsPayload {
  @Field(() => [ID], {
    description:
      'The ids the provider accepted for deletion, each once; empty when it knew none of them.',
  })
  readonly deletedIds: readonly string[];

  constructor(deletedIds: readonly string[]) {
    this.deletedIds = deletedIds;
  }
}
