import { Field, InputType } from 'type-graphql';
import { ConferenceStatus } from './enums';

@InputType({ description: 'Narrows the conferences list. Every given condition must hold.' })
export class ConferenceFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Only conferences with this name (as the provider matches it).',
  })
  name?: string;

  @Field(() => ConferenceStatus, {
    nullable: true,
    description: 'Only conferences in this status (`UNKNOWN` is not a status to filter on).',
  })
  status?: ConferenceStatus;
}
