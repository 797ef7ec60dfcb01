import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { Participant as ParticipantModel } from '../domain/participant';
import type { Timestamp } from '../domain/timestamp';
import { DateTimeScalar } from './date-time.scalar';
import { ParticipantStatus } from './enums';
import { Node } from './node.interface';

/**
 * Keyed by id, but not resolvable here: the provider lists a conference's participants and has
 * no read of one by id, so other graphs can reference and extend participants this graph
 * returns, never ask it for one.
 */
@ObjectType({
  implements: Node,
  description: 'A call leg taking part in a conference.',
  simpleResolvers: true,
})
@Directive('@key(fields: "id", resolvable: false)')
export class Participant implements Omit<ParticipantModel, 'conference'> {
  @Field(() => ID, { description: 'Uniquely identifies the participant.' })
  id!: string;

  @Field(() => ID, { description: 'The call leg that joined the conference.' })
  callLegId!: string;

  @Field(() => String, { description: 'Call control id of the participant’s call leg.' })
  callControlId!: string;

  @Field(() => ParticipantStatus, {
    description: 'Where the participant is in the conference; `UNKNOWN` for a newer status.',
  })
  status!: ParticipantStatus;

  @Field(() => Boolean, { description: 'Whether the participant is muted.' })
  muted!: boolean;

  @Field(() => Boolean, { description: 'Whether the participant is on hold.' })
  onHold!: boolean;

  @Field(() => Boolean, {
    description: 'Whether the conference ends, for everyone, when this participant leaves.',
  })
  endConferenceOnExit!: boolean;

  @Field(() => Boolean, {
    description:
      'Whether the conference ends when this participant leaves, once the others have left too.',
  })
  softEndConferenceOnExit!: boolean;

  @Field(() => [String], {
    description: 'Call control ids of the participants who hear this one whisper.',
  })
  whisperCallControlIds!: readonly string[];

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the participant joined.' })
  createdAt!: Timestamp | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the participant was last updated.',
  })
  updatedAt!: Timestamp | null;
}
