import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { RecordingTranscription as TranscriptionModel } from '../domain/recording-transcription';
import type { Timestamp } from '../domain/timestamp';
import { DateTimeScalar } from './date-time.scalar';
import { TranscriptionStatus } from './enums';
import { Node } from './node.interface';

@ObjectType({
  implements: Node,
  description:
    'The text of a recording, made by the provider when the recording was made with ' +
    'transcription on.',
  simpleResolvers: true,
})
@Directive('@key(fields: "id")')
export class RecordingTranscription implements Omit<TranscriptionModel, 'recordingId'> {
  @Field(() => ID, { description: 'Uniquely identifies the transcription.' })
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The transcribed text; null until the transcription is completed.',
  })
  text!: string | null;

  @Field(() => TranscriptionStatus, {
    description: 'Whether the text is ready; `UNKNOWN` for a status newer than this gateway.',
  })
  status!: TranscriptionStatus;

  @Field(() => Int, { nullable: true, description: 'Length of the transcribed audio, in ms.' })
  durationMillis!: number | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was created.' })
  createdAt!: Timestamp | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was last updated.' })
  updatedAt!: Timestamp | null;
}
