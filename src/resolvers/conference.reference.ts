import type { GatewayContext } from '../context';
import type { Conference } from '../domain/conference';
import { validId } from './valid-id';

/** Federation: `_entities` resolves Conference representations through the per-request loader. */
export const conferenceReference = {
  __resolveReference(
    reference: { id: string },
    { loaders }: GatewayContext,
  ): Promise<Conference | null> {
    return loaders.conferenceById.load(validId(reference.id, 'representations'));
  },
};
