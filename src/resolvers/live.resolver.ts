import type { GraphQLResolveInfo } from 'graphql';
import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { GatewayContext } from '../context';
import type { Recording as RecordingModel } from '../domain/recording';
import type { RecordingTranscription as TranscriptionModel } from '../domain/recording-transcription';
import { liveFeed, type LiveFeed } from '../live/live-feed';
import type { LiveDelivery } from '../live/live-event';
import { RecordingEvent } from '../schema/recording-event.type';
import { TranscriptionEvent } from '../schema/transcription-event.type';
import { RecordingSavedFilter } from '../schema/recording-saved-filter.input';
import { RecordingTranscription } from '../schema/recording-transcription.type';
import { Recording } from '../schema/recording.type';

interface SubscribeData<A> {
  readonly args: A;
  readonly context: GatewayContext;
  readonly info: GraphQLResolveInfo;
}

/** Who a feed is for: its context, and the field and operation that name its event spans. */
interface FeedOf {
  readonly context: GatewayContext;
  readonly field: string;
  readonly info: GraphQLResolveInfo;
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

/** One subscriber's recordings as they are saved, read through its own credential. */
function recordingFeed<T>(
  { context, field, info }: FeedOf,
  filter: Filter | null | undefined,
  shape: (recording: RecordingModel, delivery: LiveDelivery) => T,
): LiveFeed<T> {
  return liveFeed<T>(context, {
    field,
    operationName: info.operation.name?.value,
    accepts: ({ event }) => event.kind === 'recording_saved' && eventMayMatch(filter, event),
    pick: async (delivery, fresh) => {
      const recording = await visible(savedRecording(delivery, fresh));
      if (recording === null) return { skip: 'not_visible' };
      if (!matches(filter, recording)) return { skip: 'filtered' };
      fresh.loaders.recordingById.prime(recording.id, recording);
      return { value: shape(recording, delivery) };
    },
    onOutcome: (outcome) => context.live?.countOutcome(field, outcome),
    onTooSlow: () => context.live?.countTooSlow(field),
    onError: (error) => context.live?.logger.warn({ err: error }, `${field}: read failed`),
  });
}

function transcriptionFeed<T>(
  { context, field, info }: FeedOf,
  recordingId: string | null | undefined,
  shape: (transcription: TranscriptionModel, delivery: LiveDelivery) => T,
): LiveFeed<T> {
  const wanted = recordingId ?? null;
  return liveFeed<T>(context, {
    field,
    operationName: info.operation.name?.value,
    accepts: ({ event }) =>
      event.kind === 'transcription_saved' &&
      (wanted === null || event.recordingId === null || event.recordingId === wanted),
    pick: async (delivery, fresh) => {
      const transcription = await visible(savedTranscription(delivery, fresh));
      if (transcription === null) return { skip: 'not_visible' };
      if (wanted !== null && transcription.recordingId !== wanted) return { skip: 'filtered' };
      fresh.loaders.transcriptionById.prime(transcription.id, transcription);
      return { value: shape(transcription, delivery) };
    },
    onOutcome: (outcome) => context.live?.countOutcome(field, outcome),
    onTooSlow: () => context.live?.countTooSlow(field),
    onError: (error) => context.live?.logger.warn({ err: error }, `${field}: read failed`),
  });
}

/** Replays from `after` first when given; a bad or expired cursor is the subscription's error. */
async function resumed<T>(
  feed: LiveFeed<T>,
  after: string | null | undefined,
): Promise<LiveFeed<T>> {
  if (after == null) return feed;
  try {
    await feed.resume(after);
    return feed;
  } catch (error) {
    await feed.return?.();
    throw error;
  }
}

const AFTER_DESCRIPTION =
  'A `cursor` from an event received before: first the events that followed it (within the ' +
  'replay window, in order), then live ones. Too old a cursor fails with CURSOR_EXPIRED.';

/**
 * Live updates: provider webhooks turned into GraphQL subscriptions. An event is a notice; each
 * subscriber gets the resource as the API serves it to that subscriber's credential. A subscriber
 * that cannot keep up is ended with SUBSCRIBER_TOO_SLOW, never left with a silent gap.
 */
@Resolver()
export class LiveResolver {
  @Subscription(() => Recording, {
    description:
      'A recording was saved (the provider’s `call.recording.saved` or ' +
      '`conference.recording.saved`), as the API serves it to you. Needs `recordings:read`. ' +
      'Use `recordingEvents` to be able to resume after a disconnect.',
    subscribe: ({ args, context, info }: SubscribeData<{ filter?: Filter | null }>) =>
      recordingFeed(
        { context, field: 'recordingSaved', info },
        args.filter,
        (recording) => recording,
      ),
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

  @Subscription(() => RecordingEvent, {
    description:
      'Recordings as they are saved, each with a cursor to resume from (`after`) and when the ' +
      'gateway received it. Needs `recordings:read`.',
    subscribe: ({
      args,
      context,
      info,
    }: SubscribeData<{ filter?: Filter | null; after?: string | null }>) =>
      resumed(
        recordingFeed(
          { context, field: 'recordingEvents', info },
          args.filter,
          (recording, delivery) =>
            new RecordingEvent(delivery.cursor, recording, delivery.receivedAt),
        ),
        args.after,
      ),
  })
  recordingEvents(
    @Root() event: RecordingEvent,
    @Arg('filter', () => RecordingSavedFilter, {
      nullable: true,
      description: 'Only recordings matching this; all when absent.',
    })
    _filter?: RecordingSavedFilter,
    @Arg('after', () => String, { nullable: true, description: AFTER_DESCRIPTION })
    _after?: string,
  ): RecordingEvent {
    return event;
  }

  @Subscription(() => RecordingTranscription, {
    description:
      'A transcription was saved (`call.recording.transcription.saved`), as the API serves it to ' +
      'you. Needs `recordings:read`. Use `transcriptionEvents` to be able to resume.',
    subscribe: ({ args, context, info }: SubscribeData<{ recordingId?: string | null }>) =>
      transcriptionFeed(
        { context, field: 'transcriptionSaved', info },
        args.recordingId,
        (transcription) => transcription,
      ),
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

  @Subscription(() => TranscriptionEvent, {
    description:
      'Transcriptions as they are saved, each with a cursor to resume from (`after`) and when ' +
      'the gateway received it. Needs `recordings:read`.',
    subscribe: ({
      args,
      context,
      info,
    }: SubscribeData<{ recordingId?: string | null; after?: string | null }>) =>
      resumed(
        transcriptionFeed(
          { context, field: 'transcriptionEvents', info },
          args.recordingId,
          (transcription, delivery) =>
            new TranscriptionEvent(delivery.cursor, transcription, delivery.receivedAt),
        ),
        args.after,
      ),
  })
  transcriptionEvents(
    @Root() event: TranscriptionEvent,
    @Arg('recordingId', () => ID, {
      nullable: true,
      description: 'Only transcriptions of this recording; all when absent.',
    })
    _recordingId?: string,
    @Arg('after', () => String, { nullable: true, description: AFTER_DESCRIPTION })
    _after?: string,
  ): TranscriptionEvent {
    return event;
  }
}
