import { Field, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'What a recording command did. The recording itself arrives later: the provider lists it ' +
    'once it is saved (after a stop) and `recordingSaved` delivers it.',
})
export class RecordingControlPayload {
  @Field(() => Boolean, { description: 'True: the provider accepted the command.' })
  readonly ok: boolean;

  /** Resolved by RecordingControlResolver.conference; null for a call. */
  readonly conferenceId: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The call commanded, for call recording commands; null otherwise.',
  })
  readonly callControlId: string | null;

  constructor(ok: boolean, conferenceId: string | null, callControlId: string | null) {
    this.ok = ok;
    this.conferenceId = conferenceId;
    this.callControlId = callControlId;
  }
}
