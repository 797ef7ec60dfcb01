import { Field, ObjectType } from 'type-graphql';
import type { Recording as RecordingModel } from '../domain/recording';
import { DateTimeScalar } from './date-time.scalar';
import { Recording } from './recording.type';

@ObjectType({
  description:
    'A recording was saved, with where this event stands in the sequence: subscribe again with ' +
    '`after: cursor` to receive what followed (within the replay window).',
})
export class RecordingEvent {
  @Field(() => String, {
    description: 'Opaque; pass it as `after` to resume right after this event.',
  })
  readonly cursor: string;

  @Field(() => Recording, { description: 'The recording, as the API serves it to you.' })
  readonly recording: RecordingModel;

  @Field(() => DateTimeScalar, { description: 'When the gateway received the provider’s event.' })
  readonly receivedAt: Date;

  constructor(cursor: string, recording: RecordingModel, receivedAt: Date) {
    this.cursor = cursor;
    this.recording = recording;
    this.receivedAt = receivedAt;
  }
}
