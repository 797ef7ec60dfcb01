import type { GatewayContext } from '../context';
import type { Recording } from '../domain/recording';
import { validId } from './valid-id';

/** Federation: `_entities` resolves Recording representations through the per-request loader. */
export const recordingReference = {
  __resolveReference(
    reference: { id: string },
    { loaders }: GatewayContext,
  ): Promise<Recording | null> {
    return loaders.recordingById.load(validId(reference.id, 'representations'));
  },
};
