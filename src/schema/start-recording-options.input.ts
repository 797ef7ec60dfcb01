import { Field, InputType, Int } from 'type-graphql';
import { RecordingChannels, RecordingFormat } from './enums';

@InputType({
  description:
    'How to record. Absent options take the provider’s defaults. `maxLengthSeconds` and ' +
    '`timeoutSeconds` exist for calls only: a conference start refuses them (BAD_USER_INPUT).',
})
export class StartRecordingOptions {
  @Field(() => RecordingFormat, {
    nullable: true,
    defaultValue: RecordingFormat.MP3,
    description: 'The file format; MP3 unless given.',
  })
  format?: RecordingFormat;

  @Field(() => RecordingChannels, {
    nullable: true,
    description: 'SINGLE (the provider’s default) or DUAL; UNKNOWN is refused.',
  })
  channels?: RecordingChannels;

  @Field(() => Boolean, { nullable: true, description: 'Play a beep when recording starts.' })
  playBeep?: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'A file name (1 to 40 characters) instead of the provider’s; it adds a timestamp.',
  })
  customFileName?: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Remove silence from the start and end of the recording.',
  })
  trimSilence?: boolean;

  @Field(() => Int, {
    nullable: true,
    description: 'Calls only: the longest recording, in seconds (0 to 14400; 0: no limit).',
  })
  maxLengthSeconds?: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Calls only: stop after this many seconds of silence (0: never).',
  })
  timeoutSeconds?: number;
}
