import { Field, ObjectType } from 'type-graphql';
import type { RecordingTranscription as TranscriptionModel } from '../domain/recording-transcription';
import { DateTimeScalar } from './date-time.scalar';
import { RecordingTranscription } from './recording-transcription.type';

@ObjectType({
  description:
    'A transcription was saved, with where this event stands in the sequence: subscribe again ' +
    'with `after: cursor` to receive what followed (within the replay window).',
})
export class TranscriptionEvent {
  @Field(() => String, {
    description: 'Opaque; pass it as `after` to resume right after this event.',
  })
  readonly cursor: string;

  @Field(() => RecordingTranscription, {
    description: 'The transcription, as the API serves it to you.',
  })
  readonly transcription: TranscriptionModel;

  @Field(() => DateTimeScalar, { description: 'When the gateway received the provider’s event.' })
  readonly receivedAt: Date;

  constructor(cursor: string, transcription: TranscriptionModel, receivedAt: Date) {
    this.cursor = cursor;
    this.transcription = transcription;
    this.receivedAt = receivedAt;
  }
}
