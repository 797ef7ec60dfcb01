import type { Conference } from '../domain/conference';
import type { ConferenceFilter } from '../domain/conference-filter';
import type { Page } from '../domain/page';
import type { Participant } from '../domain/participant';
import type { Recording } from '../domain/recording';
import type { RecordingCommand, StartRecordingOptions } from '../domain/recording-control';
import type { RecordingTranscription } from '../domain/recording-transcription';
import { controlCallRecording } from './calls/call-recording-commands';
import { controlConferenceRecording } from './conferences/conference-recording-commands';
import { ConferencesEndpoint } from './conferences/conferences-endpoint';
import { participantsEndpoint } from './participants/participants-endpoint';
import type {
  Deleted,
  ListQuery,
  ParticipantListFilter,
  RecordingListQuery,
  RecordingsApi,
  TranscriptionListFilter,
} from './recordings-api';
import { RecordingsEndpoint } from './recordings/recordings-endpoint';
import { transcriptionsEndpoint } from './transcriptions/transcriptions-endpoint';
import type { UpstreamSession } from './upstream-session';

/**
 * The API as one request sees it. Each resource's endpoint is made on first use: a request
 * that reads one recording builds only the recordings endpoint.
 */
export class SessionApi implements RecordingsApi {
  private recordingsPart: RecordingsEndpoint | undefined;
  private conferencesPart: ConferencesEndpoint | undefined;
  private participantsPart: ReturnType<typeof participantsEndpoint> | undefined;
  private transcriptionsPart: ReturnType<typeof transcriptionsEndpoint> | undefined;

  constructor(private readonly session: UpstreamSession) {}

  private get recordings() {
    return (this.recordingsPart ??= new RecordingsEndpoint(this.session));
  }

  private get conferences() {
    return (this.conferencesPart ??= new ConferencesEndpoint(this.session));
  }

  private get transcriptions() {
    return (this.transcriptionsPart ??= transcriptionsEndpoint(this.session));
  }

  getRecording(id: string): Promise<Recording | null> {
    return this.recordings.getRecording(id);
  }

  listRecordings(query: RecordingListQuery): Promise<Page<Recording>> {
    return this.recordings.listRecordings(query);
  }

  deleteRecording(id: string): Promise<Deleted<Recording> | null> {
    return this.recordings.deleteRecording(id);
  }

  deleteRecordings(ids: readonly string[]): Promise<boolean> {
    return this.recordings.deleteRecordings(ids);
  }

  getConference(id: string): Promise<Conference | null> {
    return this.conferences.getConference(id);
  }

  listConferences(query: ListQuery<ConferenceFilter>): Promise<Page<Conference>> {
    return this.conferences.listConferences(query);
  }

  listParticipants(query: ListQuery<ParticipantListFilter>): Promise<Page<Participant>> {
    return (this.participantsPart ??= participantsEndpoint(this.session)).listParticipants(query);
  }

  getTranscription(id: string): Promise<RecordingTranscription | null> {
    return this.transcriptions.getTranscription(id);
  }

  listTranscriptions(
    query: ListQuery<TranscriptionListFilter>,
  ): Promise<Page<RecordingTranscription>> {
    return this.transcriptions.listTranscriptions(query);
  }

  deleteTranscription(id: string): Promise<Deleted<RecordingTranscription> | null> {
    return this.transcriptions.deleteTranscription(id);
  }

  controlConferenceRecording(
    conferenceId: string,
    command: RecordingCommand,
    options?: StartRecordingOptions,
  ): Promise<boolean> {
    return controlConferenceRecording(this.session, conferenceId, command, options);
  }

  controlCallRecording(
    callControlId: string,
    command: RecordingCommand,
    options?: StartRecordingOptions,
  ): Promise<boolean> {
    return controlCallRecording(this.session, callControlId, command, options);
  }
}
