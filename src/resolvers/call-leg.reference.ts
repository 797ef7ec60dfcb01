import type { CallLeg } from '../domain/call-leg';
import { validId } from './valid-id';

/**
 * Federation: a CallLeg is known by its id alone (the upstream cannot read a leg), so resolving a
 * reference costs nothing; its `recordings` load when asked for.
 */
export const callLegReference = {
  __resolveReference(reference: { id: string }): CallLeg {
    return { id: validId(reference.id, 'representations') };
  },
};
