import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';
import type { RecordingFilter as RecordingFilterModel } from '../domain/recording-filter';

@InputType({ description: 'Narrows a recordings list. Every given condition must hold.' })
export class RecordingFilter implements RecordingFilterModel {
  @Field(() => ID, { nullable: true, description: 'Only recordings of this conference.' })
  conferenceId?: string;

  @Field(() => ID, { nullable: true, description: 'Only recordings of this call leg.' })
  callLegId?: string;

  @Field(() => ID, { nullable: true, description: 'Only recordings of this call session.' })
  callSessionId?: string;

  @Field(() => DateTimeResolver, {
    nullable: true,
    description: 'Only recordings created at or after this instant (ISO 8601).',
  })
  createdAfter?: Date;

  @Field(() => DateTimeResolver, {
    nullable: true,
    description: 'Only recordings created at or before this instant (ISO 8601).',
  })
  createdBefore?: Date;
}
