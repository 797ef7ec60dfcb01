import type { GatewayContext } from '../context';
import type { RecordingTranscription } from '../domain/recording-transcription';
import { validId } from './valid-id';

/** Federation: `_entities` resolves RecordingTranscription representations by id. */
export const recordingTranscriptionReference = {
  __resolveReference(
    reference: { id: string },
    { loaders }: GatewayContext,
  ): Promise<RecordingTranscription | null> {
    return loaders.transcriptionById.load(validId(reference.id, 'representations'));
  },
};
