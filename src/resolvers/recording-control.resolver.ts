import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../context';
import type { Conference as ConferenceModel } from '../domain/conference';
import { RecordingChannels } from '../domain/recording';
import {
  RecordingFormat,
  type RecordingCommand,
  type StartRecordingOptions as StartOptionsModel,
} from '../domain/recording-control';
import { BadUserInputError, NotFoundError } from '../errors';
import { Conference } from '../schema/conference.type';
import { RecordingControlPayload } from '../schema/recording-control-payload.type';
import { StartRecordingOptions } from '../schema/start-recording-options.input';
import { validId } from './valid-id';

// Base64 and `v3:` tokens: the call control ids the provider hands out.
const CALL_CONTROL_ID = /^[A-Za-z0-9][A-Za-z0-9._:=+-]{0,255}$/;
const MAX_LENGTH_SECONDS = 14_400;

function validCallControlId(value: string): string {
  if (!CALL_CONTROL_ID.test(value)) {
    throw new BadUserInputError(
      '"callControlId" is not a valid call control id: expected 1 to 256 letters, digits or ' +
        '".", "_", ":", "=", "+", "-".',
      'callControlId',
    );
  }
  return value;
}

/** The options, checked; the call-only ones are refused for a conference, not dropped. */
function startOptions(
  input: StartRecordingOptions | null | undefined,
  target: 'conference' | 'call',
): StartOptionsModel {
  const options: Partial<StartRecordingOptions> = input ?? {};
  if (options.channels === RecordingChannels.UNKNOWN) {
    throw new BadUserInputError('"options.channels" must be SINGLE or DUAL.', 'options.channels');
  }
  const name = options.customFileName ?? undefined;
  if (name !== undefined && (name.length < 1 || name.length > 40)) {
    throw new BadUserInputError(
      '"options.customFileName" must be 1 to 40 characters.',
      'options.customFileName',
    );
  }
  for (const [field, max] of [
    ['maxLengthSeconds', MAX_LENGTH_SECONDS],
    ['timeoutSeconds', Number.MAX_SAFE_INTEGER],
  ] as const) {
    const value = options[field] ?? undefined;
    if (value === undefined) continue;
    if (target === 'conference') {
      throw new BadUserInputError(
        `"options.${field}" applies to call recordings only: the provider's conference ` +
          'recording has no such option.',
        `options.${field}`,
      );
    }
    if (value < 0 || value > max) {
      throw new BadUserInputError(
        `"options.${field}" must be between 0 and ${max}.`,
        `options.${field}`,
      );
    }
  }
  return {
    format: options.format ?? RecordingFormat.MP3,
    channels: options.channels ?? undefined,
    playBeep: options.playBeep ?? undefined,
    customFileName: name,
    trimSilence: options.trimSilence ?? undefined,
    maxLengthSeconds: options.maxLengthSeconds ?? undefined,
    timeoutSeconds: options.timeoutSeconds ?? undefined,
  };
}

/** After a stop, this request's lists must not answer from what it read before. */
function forgetLists({ loaders }: GatewayContext): void {
  loaders.recordingPage.clearAll();
  loaders.recordingWindow.clearAll();
}

async function onConference(
  context: GatewayContext,
  rawId: string,
  command: RecordingCommand,
  options?: StartOptionsModel,
): Promise<RecordingControlPayload> {
  const conferenceId = validId(rawId, 'conferenceId');
  const done = await context.api.controlConferenceRecording(conferenceId, command, options);
  if (!done) throw new NotFoundError('Conference', conferenceId);
  if (command === 'stop') {
    forgetLists(context);
    context.loaders.conferenceById.clear(conferenceId);
  }
  return new RecordingControlPayload(true, conferenceId, null);
}

async function onCall(
  context: GatewayContext,
  rawId: string,
  command: RecordingCommand,
  options?: StartOptionsModel,
): Promise<RecordingControlPayload> {
  const callControlId = validCallControlId(rawId);
  const done = await context.api.controlCallRecording(callControlId, command, options);
  if (!done) throw new NotFoundError('Call', callControlId);
  if (command === 'stop') forgetLists(context);
  return new RecordingControlPayload(true, null, callControlId);
}

const CONFERENCE_ID = { description: 'The conference, by id.' } as const;
const CALL_ID = { description: 'The live call, by its call control id.' } as const;
const OPTIONS = { nullable: true, description: 'How to record; defaults when absent.' } as const;
const REFUSALS =
  ' Refusals by the provider (already recording, not recording, ended) are BAD_USER_INPUT ' +
  'with its code in `extensions.upstreamCode`. Needs the scope `recordings:control`.';

/**
 * Recording control: thin mutations over the provider's Call Control and Conference commands.
 * They answer once the provider accepted the command; the recording is listed (and
 * `recordingSaved` fires) when the provider has saved it.
 */
@Resolver(() => RecordingControlPayload)
export class RecordingControlResolver {
  @Mutation(() => RecordingControlPayload, {
    description: 'Starts recording a live conference. NOT_FOUND for an unknown one.' + REFUSALS,
  })
  startConferenceRecording(
    @Arg('conferenceId', () => ID, CONFERENCE_ID) conferenceId: string,
    @Arg('options', () => StartRecordingOptions, OPTIONS) options: StartRecordingOptions | null,
    @Ctx() context: GatewayContext,
  ): Promise<RecordingControlPayload> {
    const checked = startOptions(options, 'conference');
    return onConference(context, conferenceId, 'start', checked);
  }

  @Mutation(() => RecordingControlPayload, {
    description:
      'Stops recording a conference; the provider then saves and lists the recording.' + REFUSALS,
  })
  stopConferenceRecording(
    @Arg('conferenceId', () => ID, CONFERENCE_ID) conferenceId: string,
    @Ctx() context: GatewayContext,
  ): Promise<RecordingControlPayload> {
    return onConference(context, conferenceId, 'stop');
  }

  @Mutation(() => RecordingControlPayload, {
    description: 'Pauses recording a conference.' + REFUSALS,
  })
  pauseConferenceRecording(
    @Arg('conferenceId', () => ID, CONFERENCE_ID) conferenceId: string,
    @Ctx() context: GatewayContext,
  ): Promise<RecordingControlPayload> {
    return onConference(context, conferenceId, 'pause');
  }

  @Mutation(() => RecordingControlPayload, {
    description: 'Resumes a paused conference recording.' + REFUSALS,
  })
  resumeConferenceRecording(
    @Arg('conferenceId', () => ID, CONFERENCE_ID) conferenceId: string,
    @Ctx() context: GatewayContext,
  ): Promise<RecordingControlPayload> {
    return onConference(context, conferenceId, 'resume');
  }

  @Mutation(() => RecordingControlPayload, {
    description: 'Starts recording a live call.' + REFUSALS,
  })
  startCallRecording(
    @Arg('callControlId', () => String, CALL_ID) callControlId: string,
    @Arg('options', () => StartRecordingOptions, OPTIONS) options: StartRecordingOptions | null,
    @Ctx() context: GatewayContext,
  ): Promise<RecordingControlPayload> {
    const checked = startOptions(options, 'call');
    return onCall(context, callControlId, 'start', checked);
  }

  @Mutation(() => RecordingControlPayload, {
    description:
      'Stops recording a call; the provider then saves and lists the recording.' + REFUSALS,
  })
  stopCallRecording(
    @Arg('callControlId', () => String, CALL_ID) callControlId: string,
    @Ctx() context: GatewayContext,
  ): Promise<RecordingControlPayload> {
    return onCall(context, callControlId, 'stop');
  }

  @Mutation(() => RecordingControlPayload, { description: 'Pauses recording a call.' + REFUSALS })
  pauseCallRecording(
    @Arg('callControlId', () => String, CALL_ID) callControlId: string,
    @Ctx() context: GatewayContext,
  ): Promise<RecordingControlPayload> {
    return onCall(context, callControlId, 'pause');
  }

  @Mutation(() => RecordingControlPayload, {
    description: 'Resumes a paused call recording.' + REFUSALS,
  })
  resumeCallRecording(
    @Arg('callControlId', () => String, CALL_ID) callControlId: string,
    @Ctx() context: GatewayContext,
  ): Promise<RecordingControlPayload> {
    return onCall(context, callControlId, 'resume');
  }

  @FieldResolver(() => Conference, {
    nullable: true,
    description: 'The conference commanded, as it is now; null for call commands.',
  })
  conference(
    @Root() payload: RecordingControlPayload,
    @Ctx() { loaders }: GatewayContext,
  ): Promise<ConferenceModel | null> | null {
    return payload.conferenceId === null ? null : loaders.conferenceById.load(payload.conferenceId);
  }
}
