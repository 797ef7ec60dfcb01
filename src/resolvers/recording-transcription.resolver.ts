import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Mutation, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../context';
import type { Recording as RecordingModel } from '../domain/recording';
import type { RecordingTranscription as TranscriptionModel } from '../domain/recording-transcription';
import { NotFoundError } from '../errors';
import { RecordingTranscription } from '../schema/recording-transcription.type';
import { Recording } from '../schema/recording.type';
import { selectsOnlyId } from './selects-only-id';
import { validId } from './valid-id';
import { encodeNodeId, NodeType } from './node-id';

@Resolver(() => RecordingTranscription)
export class RecordingTranscriptionResolver {
  @FieldResolver(() => ID, {
    description: 'Opaque and stable: names the type and the provider’s id, for `Query.node`.',
  })
  nodeId(@Root() transcription: TranscriptionModel): string {
    return encodeNodeId({ type: NodeType.RecordingTranscription, id: transcription.id });
  }

  @FieldResolver(() => Recording, {
    nullable: true,
    description: 'The transcribed recording; null when the provider no longer has it.',
  })
  recording(
    @Root() transcription: TranscriptionModel,
    @Ctx() { loaders }: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RecordingModel | null> | Pick<RecordingModel, 'id'> | null {
    if (transcription.recordingId === null) return null;
    if (selectsOnlyId(info)) return { id: transcription.recordingId };
    return loaders.recordingById.load(transcription.recordingId);
  }

  @Mutation(() => RecordingTranscription, {
    nullable: true,
    description:
      'Deletes a transcription and returns it as it was; null when the provider confirms ' +
      'without returning it. Fails with NOT_FOUND when none.',
  })
  async deleteRecordingTranscription(
    @Arg('id', () => ID, { description: 'The transcription to delete.' }) id: string,
    @Ctx() { api, loaders }: GatewayContext,
  ): Promise<TranscriptionModel | null> {
    const deleted = await api.deleteTranscription(validId(id, 'id'));
    loaders.transcriptionById.clear(id).prime(id, null);
    loaders.transcriptionByRecording.clearAll();
    if (deleted === null) throw new NotFoundError('RecordingTranscription', id);
    return deleted.item;
  }
}
