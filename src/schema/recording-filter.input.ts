import { Field, ID, InputType } from 'type-graphql';
import type { RecordingFilter as RecordingFilterModel } from '../domain/recording-filter';
import type { Timestamp } from '../domain/timestamp';
import { DateTimeScalar } from './date-time.scalar';

@InputType({ description: 'Narrows a recordings list. Every given condition must hold.' })
export class RecordingFilter implements RecordingFilterModel {
  @Field(() => ID, { nullable: true, description: 'Only recordings of this conference.' })
  conferenceId?: string;

  @Field(() => ID, { nullable: true, description: 'Only recordings of this call leg.' })
  callLegId?: string;

  @Field(() => ID, { nullable: true, description: 'Only recordings of this call session.' })
  callSessionId?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Only recordings of this call control id (exact match).',
  })
  callControlId?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Only recordings of this application (connection id, exact match).',
  })
  connectionId?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Only recordings from this number (E.164, exact match, e.g. `+15551234567`).',
  })
  from?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Only recordings to this number (E.164, exact match).',
  })
  to?: string;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Only recordings created at or after this instant (inclusive, at full precision).',
  })
  createdAfter?: Timestamp;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'Only recordings created at or before this instant (inclusive, at full precision).',
  })
  createdBefore?: Timestamp;

  @Field(() => String, {
    nullable: true,
    description: 'Only recordings of the call with this SIP Call-ID (exact, case-sensitive).',
  })
  sipCallId?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Only recordings of conferences held in this region (exact match, e.g. `us`).',
  })
  conferenceRegion?: string;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Only recordings that started at or after this instant (inclusive).',
  })
  startedAfter?: Timestamp;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Only recordings that started at or before this instant (inclusive).',
  })
  startedBefore?: Timestamp;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Only recordings that ended at or after this instant (inclusive).',
  })
  endedAfter?: Timestamp;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Only recordings that ended at or before this instant (inclusive).',
  })
  endedBefore?: Timestamp;
}
