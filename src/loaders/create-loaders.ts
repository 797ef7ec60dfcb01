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
 * own slot, so one bad id fails one field.
 */
export function createLoaders(api: RecordingsApi, options: LoaderOptions): Loaders {
  const limiter = new Semaphore(options.concurrency);
  const limited = <T>(work: () => Promise<T>): Promise<T> => limiter.run(work, options.signal);

  function eachKey<K, V>(loader: string, fetchOne: (key: K) => Promise<V>) {
    return (keys: readonly K[]): Promise<(V | Error)[]> => {
      options.onBatch?.(loader, keys.length);
      return Promise.all(
        keys.map((key) =>
          limited(() => fetchOne(key)).catch((error: unknown) =>
            error instanceof Error ? error : new Error(String(error)),
          ),
        ),
      );
    };
  }

  const mode = options.naive ? { batch: false, cache: false } : {};
  const recordingById = new DataLoader<string, Recording | null>(
    eachKey('recordingById', (id) => api.getRecording(id)),
    mode,
  );
  const conferenceById = new DataLoader<string, Conference | null>(
    eachKey('conferenceById', (id) => api.getConference(id)),
    mode,
  );
  const recordingPage = new DataLoader<RecordingListQuery, Page<Recording>, string>(
    eachKey('recordingPage', async (query) => {
      const page = await api.listRecordings(query);
      // Rows from a list answer later by-id lookups in the same request for free.
      for (const row of page.items) {
        if (!(row instanceof Error)) recordingById.prime(row.id, row);
      }
      return page;
    }),
    { cacheKeyFn: recordingListQueryKey, ...mode },
  );
  const recordingWindow = createWindowLoader<RecordingFilter, Recording>({
    readPage: (filter, pageNumber, pageSize) =>
      recordingPage.load({ filter, pageNumber, pageSize }),
    forgetPage: (filter, pageNumber, pageSize) => {
      recordingPage.clear({ filter, pageNumber, pageSize });
    },
    filterKey: recordingFilterKey,
    idOf: (recording) => recording.id,
    paging: options.paging,
    ...(options.onPagingDrift ? { onDrift: options.onPagingDrift } : {}),
    batch: !options.naive,
  });

  return {
    recordingById,
    conferenceById,
    recordingPage,
    recordingWindow,
    naive: options.naive ?? false,
  };
}
