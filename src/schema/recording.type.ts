import { DateTimeResolver } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { Recording as RecordingModel } from '../domain/recording';
import { RecordType, RecordingChannels, RecordingSource, RecordingStatus } from './enums';
import { RecordingDownloadUrls } from './recording-download-urls.type';

@ObjectType({ description: 'A recording of a call or a conference.', simpleResolvers: true })
@Directive('@key(fields: "id")')
export class Recording implements RecordingModel {
  @Field(() => ID, { description: 'Uniquely identifies the recording.' })
  id!: string;

  @Field(() => RecordType, { description: 'Identifies the type of the resource.' })
  recordType!: RecordType;

  @Field(() => DateTimeResolver, { description: 'When the recording was created (ISO 8601).' })
  createdAt!: Date;

  @Field(() => DateTimeResolver, { description: 'When the recording was last updated (ISO 8601).' })
  updatedAt!: Date;

  @Field(() => DateTimeResolver, { description: 'When the recording started (ISO 8601).' })
  recordingStartedAt!: Date;

  @Field(() => DateTimeResolver, { description: 'When the recording ended (ISO 8601).' })
  recordingEndedAt!: Date;

  @Field(() => Int, { description: 'The duration of the recording in milliseconds.' })
  durationMillis!: number;

  @Field(() => RecordingStatus, {
    description:
      'The status of the recording. Only resources for `COMPLETED` recordings are currently supported.',
  })
  status!: RecordingStatus;

  @Field(() => RecordingChannels, {
    description:
      'When `DUAL`, the final audio file has the first leg on channel A, and the rest on channel B.',
  })
  channels!: RecordingChannels;

  @Field(() => RecordingSource, {
    description: 'The kind of event that led to this recording being created.',
  })
  source!: RecordingSource;

  @Field(() => ID, {
    nullable: true,
    description: 'If a conference recording, uniquely identifies the recorded conference.',
  })
  conferenceId!: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'If a call recording, uniquely identifies the recorded call leg.',
  })
  callLegId!: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'If a call recording, uniquely identifies the recorded call session.',
  })
  callSessionId!: string | null;

  @Field(() => RecordingDownloadUrls, { description: 'Links to download the recording files.' })
  downloadUrls!: RecordingDownloadUrls;
}
