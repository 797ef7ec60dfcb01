import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { GatewayContext } from '../context';
import type { Recording as RecordingModel } from '../domain/recording';
import type { RecordingTranscription as TranscriptionModel } from '../domain/recording-transcription';
import { liveFeed } from '../live/live-feed';
import type { LiveDelivery } from '../live/live-event';
import { RecordingSavedFilter } from '../schema/recording-saved-filter.input';
import { RecordingTranscription } from '../schema/recording-transcription.type';
import { Recording } from '../schema/recording.type';

interface SubscribeData<A> {
  readonly args: A;
  readonly context: GatewayContext;
}

type Filter = Readonly<Pick<RecordingSavedFilter, 'conferenceId' | 'callLegId' | 'callSessionId'>>;

interface Links {
  readonly conferenceId: string | null;
  readonly callLegId: string | null;
  readonly callSessionId: string | null;
}

const LINKS = ['conferenceId', 'callLegId', 'callSessionId'] as const;

/** Whether an event can be about a matching recording: what it leaves out does not rule it out. */
function eventMayMatch(filter: Filter | null | undefined, event: Links): boolean {
  if (!filter) return true;
  return LINKS.every(
    (key) => filter[key] == null || event[key] === null || event[key] === filter[key],
  );
}

/** Whether the recording, as read, matches: every given condition must hold. */
function matches(filter: Filter | null | undefined, recording: Links): boolean {
  if (!filter) return true;
  return LINKS.every((key) => filter[key] == null || recording[key] === filter[key]);
}

/** The event's recording as this subscriber's credential reads it (shared per credential). */
function savedRecording(
  delivery: LiveDelivery,
  context: GatewayContext,
): Promise<RecordingModel | null> {
  const { event } = delivery;
  if (event.kind !== 'recording_saved') return Promise.resolve(null);
  const { recordingId, callLegId } = event;
  return delivery.once(`${context.credentialId}:${recordingId ?? `leg:${callLegId}`}`, async () => {
    if (recordingId !== null) return context.api.getRecording(recordingId);
    // No recording id: the newest recording listed for the event's call leg is the one.
    const page = await context.api.listRecordings({
      filter: { callLegId: callLegId ?? undefined },
      pageNumber: 1,
      pageSize: 1,
    });
    const newest = page.items[0];
    return newest === undefined || newest instanceof Error ? null : newest;
  });
}

function savedTranscription(
  delivery: LiveDelivery,
  context: GatewayContext,
): Promise<TranscriptionModel | null> {
  const { event } = delivery;
  if (event.kind !== 'transcription_saved') return Promise.resolve(null);
  const { transcriptionId, recordingId } = event;
  return delivery.once(
    `${context.credentialId}:t:${transcriptionId ?? `r:${recordingId}`}`,
    async () => {
      if (transcriptionId !== null) return context.api.getTranscription(transcriptionId);
      const page = await context.api.listTranscriptions({
        filter: { recordingId: recordingId ?? undefined },
        pageNumber: 1,
        pageSize: 1,
      });
      const newest = page.items[0];
      return newest === undefined || newest instanceof Error ? null : newest;
    },
  );
}

/** A subscriber whose credential cannot read the resource gets nothing: no cross-tenant leak. */
async function visible<T>(read: Promise<T | null>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
    if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' || code === 'NOT_FOUND') return null;
    throw error;
  }
}

/**
 * Live updates: provider webhooks turned into GraphQL subscriptions. An event is a notice; each
 * subscriber gets the resource as the API serves it to that subscriber's credential.
 */
@Resolver()
export class LiveResolver {
  @Subscription(() => Recording, {
    description:
      'A recording was saved (the provider’s `call.recording.saved` or ' +
      '`conference.recording.saved`), as the API serves it to you. Needs `recordings:read`.',
    subscribe: ({ args, context }: SubscribeData<{ filter?: Filter | null }>) =>
      liveFeed<RecordingModel>(context, {
        accepts: ({ event }) =>
          event.kind === 'recording_saved' && eventMayMatch(args.filter, event),
        pick: async (delivery, fresh) => {
          const recording = await visible(savedRecording(delivery, fresh));
          if (recording === null) return { skip: 'not_visible' };
          if (!matches(args.filter, recording)) return { skip: 'filtered' };
          fresh.loaders.recordingById.prime(recording.id, recording);
          return { value: recording };
        },
        onOutcome: (outcome) => context.live?.countOutcome('recordingSaved', outcome),
        onError: (error) =>
          context.live?.logger.warn({ err: error }, 'recordingSaved: read failed'),
      }),
  })
  recordingSaved(
    @Root() recording: RecordingModel,
    @Arg('filter', () => RecordingSavedFilter, {
      nullable: true,
      description: 'Only recordings matching this; all when absent.',
    })
    _filter?: RecordingSavedFilter,
  ): RecordingModel {
    return recording;
  }

  @Subscription(() => RecordingTranscription, {
    description:
      'A transcription was saved (`call.recording.transcription.saved`), as the API serves it to ' +
      'you. Needs `recordings:read`.',
    subscribe: ({ args, context }: SubscribeData<{ recordingId?: string | null }>) =>
      liveFeed<TranscriptionModel>(context, {
        accepts: ({ event }) =>
          event.kind === 'transcription_saved' &&
          (args.recordingId == null ||
            event.recordingId === null ||
            event.recordingId === args.recordingId),
        pick: async (delivery, fresh) => {
          const wanted = args.recordingId ?? null;
          const transcription = await visible(savedTranscription(delivery, fresh));
          if (transcription === null) return { skip: 'not_visible' };
          if (wanted !== null && transcription.recordingId !== wanted) return { skip: 'filtered' };
          fresh.loaders.transcriptionById.prime(transcription.id, transcription);
          return { value: transcription };
        },
        onOutcome: (outcome) => context.live?.countOutcome('transcriptionSaved', outcome),
        onError: (error) =>
          context.live?.logger.warn({ err: error }, 'transcriptionSaved: read failed'),
      }),
  })
  transcriptionSaved(
    @Root() transcription: TranscriptionModel,
    @Arg('recordingId', () => ID, {
      nullable: true,
      description: 'Only transcriptions of this recording; all when absent.',
    })
    _recordingId?: string,
  ): TranscriptionModel {
    return transcription;
  }
}
