import type { RecordingFilter } from '../domain/recording-filter';
import type { RecordingFilter as RecordingFilterInput } from '../schema/recording-filter.input';

/** GraphQL lets clients send explicit nulls; the domain filter knows only "given" or "absent". */
export function recordingFilterFromInput(
  input: RecordingFilterInput | null | undefined,
): RecordingFilter {
  return {
    conferenceId: input?.conferenceId ?? undefined,
    callLegId: input?.callLegId ?? undefined,
    callSessionId: input?.callSessionId ?? undefined,
    createdAfter: input?.createdAfter ?? undefined,
    createdBefore: input?.createdBefore ?? undefined,
  };
}
