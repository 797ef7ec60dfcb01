import DataLoader from 'dataloader';
import type { Conference } from '../domain/conference';
import type { Page, Slice } from '../domain/page';
import type { Recording } from '../domain/recording';
import type { RecordingFilter } from '../domain/recording-filter';
import type { RecordingListQuery, RecordingsApi } from '../upstream/recordings-api';
import {
  createWindowLoader,
  type ListWindow,
  type PagingDrift,
  type ProviderPaging,
} from './list-window-loader';
import { recordingFilterKey, recordingListQueryKey } from './recording-list-query-key';
import { Semaphore } from './semaphore';

/** Per-request loaders. Never share them across requests: they cache per caller credential. */
export interface Loaders {
  readonly recordingById: DataLoader<string, Recording | null>;
  readonly conferenceById: DataLoader<string, Conference | null>;
  /** One upstream page; identical page requests within a GraphQL request share one call. */
  readonly recordingPage: DataLoader<RecordingListQuery, Page<Recording>, string>;
  /** A window of a recordings list; windows of one list in one tick share one page plan. */
  readonly recordingWindow: DataLoader<ListWindow<RecordingFilter>, Slice<Recording>, string>;
  /** True for the benchmark's naive baseline, whose loaders neither batch nor cache. */
  readonly naive: boolean;
}

export interface LoaderOptions {
  /** Most upstream requests in flight at once for this GraphQL request. */
  readonly concurrency: number;
  /** The request's deadline: reads still waiting for their turn when it passes are dropped. */
  readonly signal?: AbortSignal;
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
  private byId?: DataLoader<string, Recording | null>;
  private conferences?: DataLoader<string, Conference | null>;
  private pages?: DataLoader<RecordingListQuery, Page<Recording>, string>;
  private windows?: DataLoader<ListWindow<RecordingFilter>, Slice<Recording>, string>;

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

  get recordingWindow(): DataLoader<ListWindow<RecordingFilter>, Slice<Recording>, string> {
    this.windows ??= createWindowLoader<RecordingFilter, Recording>({
      readPage: (filter, pageNumber, pageSize) =>
        this.recordingPage.load({ filter, pageNumber, pageSize }),
      forgetPage: (filter, pageNumber, pageSize) => {
        this.recordingPage.clear({ filter, pageNumber, pageSize });
      },
      filterKey: recordingFilterKey,
      idOf: (recording) => recording.id,
      paging: this.options.paging,
      ...(this.options.onPagingDrift ? { onDrift: this.options.onPagingDrift } : {}),
      batch: !this.naive,
    });
    return this.windows;
  }

  /** A batch function: one call per distinct key under the request's cap, errors in their slots. */
  private eachKey<K, V>(loader: string, fetchOne: (key: K) => Promise<V>) {
    return (keys: readonly K[]): Promise<(V | Error)[]> => {
      this.options.onBatch?.(loader, keys.length);
      return Promise.all(
        keys.map((key) =>
          this.limiter
            .run(() => fetchOne(key), this.options.signal)
            .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
        ),
      );
    };
  }
}
