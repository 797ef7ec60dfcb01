import DataLoader from 'dataloader';
import type { Conference } from '../domain/conference';
import type { ConferenceFilter } from '../domain/conference-filter';
import type { Page, Slice } from '../domain/page';
import type { Participant } from '../domain/participant';
import type { Recording } from '../domain/recording';
import type { RecordingFilter } from '../domain/recording-filter';
import type { RecordingTranscription } from '../domain/recording-transcription';
import type {
  ListQuery,
  ParticipantListFilter,
  RecordingListQuery,
  RecordingsApi,
} from '../upstream/recordings-api';
import {
  createWindowLoader,
  type ListWindow,
  type PagingDrift,
  type ProviderPaging,
} from './list-window-loader';
import {
  conferenceFilterKey,
  participantFilterKey,
  recordingFilterKey,
  recordingListQueryKey,
} from './list-filter-keys';
import { tracedBatch, type TraceParent } from '../observability/tracing';
import { Semaphore } from './semaphore';
import type { DeadlineSignal } from '../upstream/scheduling/deadline';
import { transcriptionsOf, type TranscribedRecording } from './transcription-by-recording';

type WindowLoader<F, T> = DataLoader<ListWindow<F>, Slice<T>, string>;

/** Per-request loaders. Never share them across requests: they cache per caller credential. */
export interface Loaders {
  readonly recordingById: DataLoader<string, Recording | null>;
  readonly conferenceById: DataLoader<string, Conference | null>;
  readonly transcriptionById: DataLoader<string, RecordingTranscription | null>;
  /** A recording's transcription (null when none); a batch costs as few calls as the API allows. */
  readonly transcriptionByRecording: DataLoader<
    TranscribedRecording,
    RecordingTranscription | null,
    string
  >;
  /** One upstream page; identical page requests within a GraphQL request share one call. */
  readonly recordingPage: DataLoader<RecordingListQuery, Page<Recording>, string>;
  /** A window of a recordings list; windows of one list in one tick share one page plan. */
  readonly recordingWindow: WindowLoader<RecordingFilter, Recording>;
  readonly conferenceWindow: WindowLoader<ConferenceFilter, Conference>;
  readonly participantWindow: WindowLoader<ParticipantListFilter, Participant>;
  /** What this process learned about the provider's paging. */
  readonly paging: ProviderPaging;
  reportPagingDrift(kind: PagingDrift, detail: string): void;
  /** True for the benchmark's naive baseline, whose loaders neither batch nor cache. */
  readonly naive: boolean;
}

export interface LoaderOptions {
  /** Most upstream requests in flight at once for this GraphQL request. */
  readonly concurrency: number;
  /** The request's deadline: reads still waiting for their turn when it passes are dropped. */
  readonly signal?: DeadlineSignal;
  /** What this process learned about the provider's paging; shared across requests. */
  readonly paging: ProviderPaging;
  /**
   * Benchmark baseline only: no batching, de-duplication or per-request cache, so every load is
   * its own upstream call, as with resolvers that call the API directly.
   */
  readonly naive?: boolean;
  /** Hears the size of every batch, by loader name (for metrics). */
  readonly onBatch?: (loader: string, size: number) => void;
  /** Hears when the provider's pages were not what was asked. */
  readonly onPagingDrift?: (kind: PagingDrift, detail: string) => void;
  /** The operation span batches are recorded under, when the request is traced. */
  readonly trace?: TraceParent | undefined;
}

/**
 * The upstream has no multi-id endpoint, so a batch is: DataLoader's de-duplication, then one GET
 * per distinct key, run concurrently under a per-request cap. A failed key gets its Error in its
 * own slot, so one bad id fails one field. Loaders are made on first use: most requests need one
 * or two of them.
 */
export function createLoaders(api: RecordingsApi, options: LoaderOptions): Loaders {
  return new RequestLoaders(api, options);
}

class RequestLoaders implements Loaders {
  private readonly limiter: Semaphore;
  private readonly mode: { batch?: false; cache?: false };
  /** Rows read in lists: they answer by-id reads of this request without a call. */
  private readonly listed = new Map<string, Recording>();
  private readonly listedTranscriptions = new Map<string, RecordingTranscription>();
  private byId?: DataLoader<string, Recording | null>;
  private conferences?: DataLoader<string, Conference | null>;
  private transcriptions?: DataLoader<string, RecordingTranscription | null>;
  private transcriptionsByRecording?: DataLoader<
    TranscribedRecording,
    RecordingTranscription | null,
    string
  >;
  private pages?: DataLoader<RecordingListQuery, Page<Recording>, string>;
  private windows?: WindowLoader<RecordingFilter, Recording>;
  private conferenceWindows?: WindowLoader<ConferenceFilter, Conference>;
  private participantWindows?: WindowLoader<ParticipantListFilter, Participant>;

  constructor(
    private readonly api: RecordingsApi,
    private readonly options: LoaderOptions,
  ) {
    this.limiter = new Semaphore(options.concurrency);
    this.mode = options.naive ? { batch: false, cache: false } : {};
  }

  get naive(): boolean {
    return this.options.naive ?? false;
  }

  get paging(): ProviderPaging {
    return this.options.paging;
  }

  reportPagingDrift(kind: PagingDrift, detail: string): void {
    this.options.onPagingDrift?.(kind, detail);
  }

  get recordingById(): DataLoader<string, Recording | null> {
    this.byId ??= new DataLoader<string, Recording | null>(
      this.eachKey('recordingById', (id) => {
        const listed = this.listed.get(id);
        return listed ? Promise.resolve(listed) : this.api.getRecording(id);
      }),
      this.mode,
    );
    return this.byId;
  }

  get conferenceById(): DataLoader<string, Conference | null> {
    this.conferences ??= new DataLoader<string, Conference | null>(
      this.eachKey('conferenceById', (id) => this.api.getConference(id)),
      this.mode,
    );
    return this.conferences;
  }

  get transcriptionById(): DataLoader<string, RecordingTranscription | null> {
    this.transcriptions ??= new DataLoader<string, RecordingTranscription | null>(
      this.eachKey('transcriptionById', (id) => {
        const listed = this.listedTranscriptions.get(id);
        return listed ? Promise.resolve(listed) : this.api.getTranscription(id);
      }),
      this.mode,
    );
    return this.transcriptions;
  }

  get transcriptionByRecording(): DataLoader<
    TranscribedRecording,
    RecordingTranscription | null,
    string
  > {
    this.transcriptionsByRecording ??= new DataLoader<
      TranscribedRecording,
      RecordingTranscription | null,
      string
    >(
      async (recordings) => {
        this.options.onBatch?.('transcriptionByRecording', recordings.length);
        const answers = await transcriptionsOf(recordings, {
          listPage: (query) => this.api.listTranscriptions(query),
          run: (work) => this.limiter.run(work, this.options.signal),
          onFilterIgnored: () =>
            this.reportPagingDrift('inconsistent_page', 'transcription filter ignored'),
        });
        for (const answer of answers) {
          if (answer && !(answer instanceof Error)) {
            this.listedTranscriptions.set(answer.id, answer);
          }
        }
        return answers;
      },
      { cacheKeyFn: (recording) => recording.id, ...this.mode },
    );
    return this.transcriptionsByRecording;
  }

  get recordingPage(): DataLoader<RecordingListQuery, Page<Recording>, string> {
    this.pages ??= new DataLoader<RecordingListQuery, Page<Recording>, string>(
      this.eachKey('recordingPage', async (query) => {
        const page = await this.api.listRecordings(query);
        // Rows from a list answer later by-id lookups in the same request for free.
        if (!this.naive) {
          for (const row of page.items) if (!(row instanceof Error)) this.listed.set(row.id, row);
        }
        return page;
      }),
      { cacheKeyFn: recordingListQueryKey, ...this.mode },
    );
    return this.pages;
  }

  get recordingWindow(): WindowLoader<RecordingFilter, Recording> {
    this.windows ??= this.windowLoader(this.recordingPage, recordingFilterKey);
    return this.windows;
  }

  get conferenceWindow(): WindowLoader<ConferenceFilter, Conference> {
    this.conferenceWindows ??= this.windowLoader(
      this.pageLoader('conferencePage', conferenceFilterKey, (query) =>
        this.api.listConferences(query),
      ),
      conferenceFilterKey,
    );
    return this.conferenceWindows;
  }

  get participantWindow(): WindowLoader<ParticipantListFilter, Participant> {
    this.participantWindows ??= this.windowLoader(
      this.pageLoader('participantPage', participantFilterKey, (query) =>
        this.api.listParticipants(query),
      ),
      participantFilterKey,
    );
    return this.participantWindows;
  }

  private pageLoader<F, T>(
    name: string,
    filterKey: (filter: F) => string,
    fetchPage: (query: ListQuery<F>) => Promise<Page<T>>,
  ): DataLoader<ListQuery<F>, Page<T>, string> {
    return new DataLoader<ListQuery<F>, Page<T>, string>(this.eachKey(name, fetchPage), {
      cacheKeyFn: (query) => `${filterKey(query.filter)}|${query.pageNumber}|${query.pageSize}`,
      ...this.mode,
    });
  }

  private windowLoader<F, T extends { readonly id: string }>(
    pages: DataLoader<ListQuery<F>, Page<T>, string>,
    filterKey: (filter: F) => string,
  ): WindowLoader<F, T> {
    return createWindowLoader<F, T>({
      readPage: (filter, pageNumber, pageSize) => pages.load({ filter, pageNumber, pageSize }),
      forgetPage: (filter, pageNumber, pageSize) => {
        pages.clear({ filter, pageNumber, pageSize });
      },
      filterKey,
      idOf: (item) => item.id,
      paging: this.options.paging,
      ...(this.options.onPagingDrift ? { onDrift: this.options.onPagingDrift } : {}),
      batch: !this.naive,
    });
  }

  /** A batch function: one call per distinct key under the request's cap, errors in their slots. */
  private eachKey<K, V>(loader: string, fetchOne: (key: K) => Promise<V>) {
    // A span per batch when the request is traced and sampled.
    return tracedBatch(this.options.trace, loader, (keys: readonly K[]): Promise<(V | Error)[]> => {
      this.options.onBatch?.(loader, keys.length);
      return Promise.all(
        keys.map((key) =>
          this.limiter
            .run(() => fetchOne(key), this.options.signal)
            .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
        ),
      );
    });
  }
}
