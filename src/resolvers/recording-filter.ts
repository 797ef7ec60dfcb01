import type { RecordingFilter } from '../domain/recording-filter';
import { BadUserInputError } from '../errors';
import type { RecordingFilter as RecordingFilterInput } from '../schema/recording-filter.input';
import { validId } from './valid-id';

const optionalId = (value: string | null | undefined, argumentName: string) =>
  value == null ? undefined : validId(value, argumentName);

/**
 * Validates a filter and turns it into the domain's. GraphQL lets clients send explicit nulls;
 * the domain filter knows only "given" or "absent".
 */
export function recordingFilterFromInput(
  input: RecordingFilterInput | null | undefined,
): RecordingFilter {
  const createdAfter = input?.createdAfter ?? undefined;
  const createdBefore = input?.createdBefore ?? undefined;
  if (createdAfter && createdBefore && createdAfter.compare(createdBefore) > 0) {
    throw new BadUserInputError(
      '"filter.createdAfter" must not be later than "filter.createdBefore".',
      'filter.createdAfter',
    );
  }
  return {
    conferenceId: optionalId(input?.conferenceId, 'filter.conferenceId'),
    callLegId: optionalId(input?.callLegId, 'filter.callLegId'),
    callSessionId: optionalId(input?.callSessionId, 'filter.callSessionId'),
    callControlId: input?.callControlId ?? undefined,
    connectionId: input?.connectionId ?? undefined,
    from: input?.from ?? undefined,
    to: input?.to ?? undefined,
    createdAfter,
    createdBefore,
  };
}
