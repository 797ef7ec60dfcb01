import { Field, ID, InputType } from 'type-graphql';

@InputType({
  description: 'Narrows `recordingSaved` to some recordings. Every given condition must hold.',
})
export class RecordingSavedFilter {
  @Field(() => ID, { nullable: true, description: 'Only recordings of this conference.' })
  conferenceId?: string;

  @Field(() => ID, { nullable: true, description: 'Only recordings of this call leg.' })
  callLegId?: string;

  @Field(() => ID, { nullable: true, description: 'Only recordings of this call session.' })
  callSessionId?: string;
}
