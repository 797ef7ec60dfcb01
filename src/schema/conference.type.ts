import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { Conference as ConferenceModel } from '../domain/conference';
import type { Timestamp } from '../domain/timestamp';
import { DateTimeScalar } from './date-time.scalar';
import { ConferenceEndReason, ConferenceStatus } from './enums';
import { Node } from './node.interface';

@ObjectType({
  implements: Node,
  description: 'A conference: a call that several call legs join.',
  simpleResolvers: true,
})
@Directive('@key(fields: "id")')
export class Conference implements ConferenceModel {
  @Field(() => ID, { description: 'Uniquely identifies the conference.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'Name of the conference.' })
  name!: string | null;

  @Field(() => ConferenceStatus, {
    nullable: true,
    description:
      'Status of the conference; null when the provider does not report it, `UNKNOWN` for a ' +
      'status newer than this gateway.',
  })
  status!: ConferenceStatus | null;

  @Field(() => String, {
    nullable: true,
    description: 'Region where the conference data is located.',
  })
  region!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the conference was created.' })
  createdAt!: Timestamp | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the conference was last updated.',
  })
  updatedAt!: Timestamp | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the conference will expire, or expired.',
  })
  expiresAt!: Timestamp | null;

  @Field(() => ConferenceEndReason, {
    nullable: true,
    description: 'Why the conference ended; null while it runs.',
  })
  endReason!: ConferenceEndReason | null;

  // Known to the domain, not (yet) part of the graph.
  connectionId!: string | null;
}
