import type { GraphQLResolveInfo } from 'graphql';
import {
  Arg,
  Args,
  Ctx,
  FieldResolver,
  ID,
  Info,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { GatewayContext } from '../context';
import type { CallLeg as CallLegModel } from '../domain/call-leg';
import type { Conference as ConferenceModel } from '../domain/conference';
import type { Recording as RecordingModel } from '../domain/recording';
import type { RecordingTranscription as TranscriptionModel } from '../domain/recording-transcription';
import { BadUserInputError, NotFoundError } from '../errors';
import { CallLeg } from '../schema/call-leg.type';
import { Conference } from '../schema/conference.type';
import { ConnectionArgs } from '../schema/connection.args';
import type { Connection } from '../schema/connection.type';
import { DeleteRecordingsPayload } from '../schema/delete-recordings-payload.type';
import { RecordingConnection } from '../schema/recording-connection.type';
import { RecordingTranscription } from '../schema/recording-transcription.type';
import { RecordingFilter } from '../schema/recording-filter.input';
import { Recording } from '../schema/recording.type';
import { resolveRecordingConnection, TOTAL_COUNT_ONLY } from './recording-connection';
import { recordingFilterFromInput } from './recording-filter';
import { selectsOnlyId, selectsOnly } from './selects-only-id';
import { validId } from './valid-id';
import { encodeNodeId, NodeType } from './node-id';

/** The provider documents no maximum; one call for a screenful of selections is the point. */
const MAX_BULK_DELETE = 250;

@Resolver(() => Recording)
export class RecordingResolver {
  @FieldResolver(() => ID, {
    description: 'Opaque and stable: names the type and the provider’s id, for `Query.node`.',
  })
  nodeId(@Root() recording: RecordingModel): string {
    return encodeNodeId({ type: NodeType.Recording, id: recording.id });
  }

  @Query(() => Recording, { nullable: true, description: 'One recording by id; null when none.' })
  recording(
    @Arg('id', () => ID, { description: 'The recording id.' }) id: string,
    @Ctx() { loaders }: GatewayContext,
  ): Promise<RecordingModel | null> {
    return loaders.recordingById.load(validId(id, 'id'));
  }

  @Query(() => RecordingConnection, {
    nullable: true,
    description:
      'Recordings, newest first as the provider lists them, optionally filtered. Null (with an ' +
      'error) only when the list itself cannot be read; a broken row is a null node.',
  })
  recordings(
    @Arg('filter', () => RecordingFilter, { nullable: true, description: 'Conditions to match.' })
    filter: RecordingFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() { loaders }: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<RecordingModel>> {
    return resolveRecordingConnection(
      loaders,
      recordingFilterFromInput(filter),
      args,
      selectsOnly(info, TOTAL_COUNT_ONLY),
    );
  }

  @Mutation(() => Recording, {
    nullable: true,
    description:
      'Deletes a recording and returns it as it was; null when the provider confirms the delete ' +
      'without returning it (older API versions answer 204). Fails with NOT_FOUND when none.',
  })
  async deleteRecording(
    @Arg('id', () => ID, { description: 'The recording to delete.' }) id: string,
    @Ctx() { api, loaders }: GatewayContext,
  ): Promise<RecordingModel | null> {
    const deleted = await api.deleteRecording(validId(id, 'id'));
    // Later reads in this request must not see the deleted recording.
    loaders.recordingById.clear(id).prime(id, null);
    loaders.recordingPage.clearAll();
    loaders.recordingWindow.clearAll();
    if (deleted === null) throw new NotFoundError('Recording', id);
    return deleted.item;
  }

  @FieldResolver(() => Conference, {
    nullable: true,
    description: 'The recorded conference, for conference recordings; null otherwise.',
  })
  conference(
    @Root() recording: RecordingModel,
    @Ctx() { loaders }: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConferenceModel | null> | Pick<ConferenceModel, 'id'> | null {
    if (recording.conferenceId === null) return null;
    if (selectsOnlyId(info)) return { id: recording.conferenceId };
    return loaders.conferenceById.load(recording.conferenceId);
  }

  @FieldResolver(() => RecordingTranscription, {
    nullable: true,
    description:
      'The recording’s transcription; null when it was made without one. For a page of ' +
      'recordings, one list call usually answers them all.',
  })
  transcription(
    @Root() recording: RecordingModel,
    @Ctx() { loaders }: GatewayContext,
  ): Promise<TranscriptionModel | null> {
    return loaders.transcriptionByRecording.load({
      id: recording.id,
      createdAt: recording.createdAt,
    });
  }

  @Mutation(() => DeleteRecordingsPayload, {
    description:
      'Deletes up to 250 recordings in one upstream call (ids are de-duplicated). `deletedIds` ' +
      'lists the ids the provider accepted; it is empty when the provider knew none of them.',
  })
  async deleteRecordings(
    @Arg('ids', () => [ID], { description: 'The recordings to delete, at most 250.' })
    ids: readonly string[],
    @Ctx() { api, loaders }: GatewayContext,
  ): Promise<DeleteRecordingsPayload> {
    const unique = [...new Set(ids.map((id, index) => validId(id, `ids.${index}`)))];
    if (unique.length > MAX_BULK_DELETE) {
      throw new BadUserInputError(
        `"ids" may hold at most ${MAX_BULK_DELETE} distinct ids; it holds ${unique.length}.`,
        'ids',
      );
    }
    if (unique.length === 0) return new DeleteRecordingsPayload([]);
    const deleted = await api.deleteRecordings(unique);
    // Later reads in this request must not see the deleted recordings.
    for (const id of unique) loaders.recordingById.clear(id).prime(id, null);
    loaders.recordingPage.clearAll();
    loaders.recordingWindow.clearAll();
    return new DeleteRecordingsPayload(deleted ? unique : []);
  }

  @FieldResolver(() => CallLeg, {
    nullable: true,
    description: 'The recorded call leg, for call recordings; null otherwise.',
  })
  callLeg(@Root() recording: RecordingModel): CallLegModel | null {
    return recording.callLegId === null ? null : { id: recording.callLegId };
  }
}
