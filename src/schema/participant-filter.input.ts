import { Field, InputType } from 'type-graphql';
import type { ParticipantFilter as ParticipantFilterModel } from '../domain/participant-filter';

@InputType({ description: 'Narrows a conference’s participants. Every given condition must hold.' })
export class ParticipantFilter implements ParticipantFilterModel {
  @Field(() => Boolean, { nullable: true, description: 'Only muted (or only unmuted) ones.' })
  muted?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Only those on hold (or not).' })
  onHold?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only those whispering to someone (or not).',
  })
  whispering?: boolean;
}
