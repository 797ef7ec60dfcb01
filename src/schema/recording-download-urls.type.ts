import { Field, ObjectType } from 'type-graphql';
import type { RecordingDownloadUrls as RecordingDownloadUrlsModel } from '../domain/recording';

@ObjectType({
  description:
    'Links to the recording files. They are pre-signed and expire after about ten minutes: fetch ' +
    'them when needed, do not store them.',
  simpleResolvers: true,
})
export class RecordingDownloadUrls implements RecordingDownloadUrlsModel {
  @Field(() => String, { nullable: true, description: 'Link to the recording in MP3 format.' })
  mp3!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Link to the recording in WAV format; absent when the provider did not make one.',
  })
  wav!: string | null;
}
