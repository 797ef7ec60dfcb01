import { DateTimeResolver } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { Conference as ConferenceModel } from '../domain/conference';
import { ConferenceEndReason, ConferenceStatus } from './enums';

@ObjectType({ description: 'A conference: a call that several call legs join.' })
@Directive('@key(fields: "id")')
export class Conference implements ConferenceModel {
  @Field(() => ID, { description: 'Uniquely identifies the conference.' })
  id!: string;

  @Field(() => String, { description: 'Name of the conference.' })
  name!: string;

  @Field(() => ConferenceStatus, {
    nullable: true,
    description: 'Status of the conference; null when the provider does not report it.',
  })
  status!: ConferenceStatus | null;

  @Field(() => String, {
    nullable: true,
    description: 'Region where the conference data is located.',
  })
  region!: string | null;

  @Field(() => DateTimeResolver, { description: 'When the conference was created (ISO 8601).' })
  createdAt!: Date;

  @Field(() => DateTimeResolver, {
    nullable: true,
    description: 'When the conference was last updated (ISO 8601).',
  })
  updatedAt!: Date | null;

  @Field(() => DateTimeResolver, {
    description: 'When the conference will expire, or expired (ISO 8601).',
  })
  expiresAt!: Date;

  @Field(() => ConferenceEndReason, {
    nullable: true,
    description: 'Why the conference ended; null while it runs.',
  })
  endReason!: ConferenceEndReason | null;
}
