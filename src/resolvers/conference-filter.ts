import { ConferenceStatus } from '../domain/conference';
import type { ConferenceFilter } from '../domain/conference-filter';
import { BadUserInputError } from '../errors';
import type { ConferenceFilter as ConferenceFilterInput } from '../schema/conference-filter.input';

/** Validates a conferences filter: `UNKNOWN` is a value we serve, not one the provider filters on. */
export function conferenceFilterFromInput(
  input: ConferenceFilterInput | null | undefined,
): ConferenceFilter {
  const status = input?.status ?? undefined;
  if (status === ConferenceStatus.UNKNOWN) {
    throw new BadUserInputError(
      '"filter.status" cannot be UNKNOWN: it stands for statuses this gateway does not know.',
      'filter.status',
    );
  }
  return { name: input?.name ?? undefined, status };
}
