import type { RecordingFilter } from '../domain/recording-filter';
import type { Timestamp } from '../domain/timestamp';
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
  const createdAfter = ordered(input?.createdAfter, input?.createdBefore, 'created');
  const createdBefore = input?.createdBefore ?? undefined;
  const startedAfter = ordered(input?.startedAfter, input?.startedBefore, 'started');
  const endedAfter = ordered(input?.endedAfter, input?.endedBefore, 'ended');
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
    sipCallId: input?.sipCallId ?? undefined,
    conferenceRegion: input?.conferenceRegion ?? undefined,
    startedAfter,
    startedBefore: input?.startedBefore ?? undefined,
    endedAfter,
    endedBefore: input?.endedBefore ?? undefined,
  };
}

/** The lower bound of an inclusive range, refused when it lies after the upper bound. */
function ordered(
  after: Timestamp | null | undefined,
  before: Timestamp | null | undefined,
  name: 'created' | 'started' | 'ended',
): Timestamp | undefined {
  if (after && before && after.compare(before) > 0) {
    throw new BadUserInputError(
      `"filter.${name}After" must not be later than "filter.${name}Before".`,
      `filter.${name}After`,
    );
  }
  return after ?? undefined;
}
