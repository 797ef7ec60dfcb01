import type { Page, Row } from '../../domain/page';
import type { DriftObserver } from '../decode/drift-observer';
import { isWireObject } from '../decode/row-reader';
import { parseJson, type UpstreamRequest } from '../transport/upstream-transport';
import type { UpstreamSession } from '../upstream-session';
import { pageFromWire } from './list-envelope';

/** A list answer decoded, with its raw rows (for priming the cache by id). */
export interface ListAnswer<T> {
  readonly page: Page<T>;
  readonly rows: readonly unknown[];
}

export const emptyPage = <T>(): Page<T> => ({
  items: [],
  pageNumber: null,
  pageSize: null,
  totalPages: 0,
  totalResults: 0,
});

export interface ListRequest<T> {
  readonly resource: string;
  readonly route: string;
  /** Path and query string. */
  readonly path: string;
  readonly decodeRow: (row: unknown, observer: DriftObserver) => Row<T>;
  /** For a 400/422 naming a query parameter: the GraphQL argument it came from. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** Rows of a fresh answer, to prime the cache by id. */
  readonly onFresh?: (answer: ListAnswer<T>) => Promise<void>;
}

/**
 * A GET of one list page through the cache (list pages live for the mutable TTL). The provider's
 * own 404 means an empty list (a parent that does not exist); a 404 without its error envelope is
 * reported by the transport as UPSTREAM_ERROR.
 */
export async function readListPage<T>(
  session: UpstreamSession,
  list: ListRequest<T>,
): Promise<Page<T>> {
  const request: UpstreamRequest<ListAnswer<T>> = {
    method: 'GET',
    route: list.route,
    path: list.path,
    read: (text) => {
      const body = parseJson(text, `${list.resource} list`);
      const page = pageFromWire(body, list.resource, list.decodeRow, session.drift);
      return { page, rows: isWireObject(body) ? (body['data'] as unknown[]) : [] };
    },
    ...(list.parameters ? { parameters: list.parameters } : {}),
  };
  const answer = await session.cachedGet(
    'list',
    request,
    () => session.ttls.mutableTtlSeconds,
    list.onFresh,
  );
  return answer?.page ?? emptyPage<T>();
}

/** `page[number]` and `page[size]` after the filters. */
export function withPage(params: URLSearchParams, pageNumber: number, pageSize: number): string {
  params.set('page[number]', String(pageNumber));
  params.set('page[size]', String(pageSize));
  return params.toString();
}
