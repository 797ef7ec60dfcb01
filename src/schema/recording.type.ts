import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { Recording as RecordingModel } from '../domain/recording';
import type { Timestamp } from '../domain/timestamp';
import { DateTimeScalar } from './date-time.scalar';
import { RecordType, RecordingChannels, RecordingSource, RecordingStatus } from './enums';
import { RecordingDownloadUrls } from './recording-download-urls.type';
import { Node } from './node.interface';

@ObjectType({
  implements: Node,
  description:
    'A recording of a call or a conference. The provider may leave any field but `id` out (a ' +
    'recording in progress has no end yet): those fields are then null.',
  simpleResolvers: true,
})
@Directive('@key(fields: "id")')
export class Recording implements RecordingModel {
  @Field(() => ID, { description: 'Uniquely identifies the recording.' })
  id!: string;

  @Field(() => RecordType, { description: 'Identifies the type of the resource.' })
  recordType!: RecordType;

  @Field(() => DateTimeScalar, {
    description: 'When the recording was created; the list is newest first by this instant.',
  })
  createdAt!: Timestamp;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the recording was last updated.',
  })
  updatedAt!: Timestamp | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the recording started.' })
  recordingStartedAt!: Timestamp | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the recording ended; null while it is still in progress.',
  })
  recordingEndedAt!: Timestamp | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The duration of the recording in milliseconds; null while in progress.',
  })
  durationMillis!: number | null;

  @Field(() => RecordingStatus, {
    nullable: true,
    description: 'The status of the recording; `UNKNOWN` for a status newer than this gateway.',
  })
  status!: RecordingStatus | null;

  @Field(() => RecordingChannels, {
    nullable: true,
    description:
      'When `DUAL`, the final audio file has the first leg on channel A, and the rest on channel B.',
  })
  channels!: RecordingChannels | null;

  @Field(() => RecordingSource, {
    nullable: true,
    description: 'The kind of event that led to this recording being created.',
  })
  source!: RecordingSource | null;

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

  @Field(() => RecordingDownloadUrls, {
    nullable: true,
    description: 'Links to download the recording files; null until the provider has them.',
  })
  downloadUrls!: RecordingDownloadUrls | null;

  @Field(() => String, {
    nullable: true,
    description: 'The calling number (E.164, e.g. `+15551234567`); null on older data.',
  })
  from!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The called number (E.164); null on older data.',
  })
  to!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The call control id of the recorded call; null on older data.',
  })
  callControlId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The application (connection) the call belonged to; null on older data.',
  })
  connectionId!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'What started the recording, as the provider names it (`DialVerb`, `Conference`, ' +
      '`OutboundAPI`, `StartCallRecordingAPI`, ...): a free string, new values appear.',
  })
  initiatedBy!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The SIP Call-ID of the recorded call; null on older data and conferences.',
  })
  sipCallId!: string | null;
}
