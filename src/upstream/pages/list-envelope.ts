import type { Page, Row } from '../../domain/page';
import { UpstreamBadResponseError } from '../../errors';
import type { DriftObserver } from '../decode/drift-observer';
import { RowReader, isWireObject } from '../decode/row-reader';

/**
 * A list answer, `{data: [...], meta}`, rows decoded one by one so that one broken row fails only
 * itself. `meta` comes in two shapes: page numbers (`page_number`, `page_size`, `total_pages`,
 * `total_results`, any of which may be missing) or cursors (`{cursors, next, previous}`, older
 * transcription lists), where totals are unknown. Only a body that is not a list fails the answer.
 */
export function pageFromWire<T>(
  body: unknown,
  resource: string,
  decodeRow: (row: unknown, observer: DriftObserver) => Row<T>,
  observer: DriftObserver,
): Page<T> {
  const data = isWireObject(body) ? body['data'] : undefined;
  if (!Array.isArray(data)) {
    throw new UpstreamBadResponseError(`the ${resource} list has no "data" array`);
  }
  const items = data.map((row) => decodeRow(row, observer));
  const rawMeta = isWireObject(body) ? body['meta'] : undefined;
  const meta = isWireObject(rawMeta) ? new RowReader('page', rawMeta, observer) : null;
  const pageNumber = meta?.integer('page_number') ?? null;
  const pageSize = meta?.integer('page_size') ?? null;
  const totalPages = meta?.integer('total_pages') ?? null;
  let totalResults = meta?.integer('total_results') ?? null;
  // No total_results: exact only on the last page, from total_pages and page_size.
  if (totalResults === null && pageNumber !== null && pageSize !== null && totalPages !== null) {
    if (pageNumber === totalPages) totalResults = (pageNumber - 1) * pageSize + items.length;
  }
  // "0 results" next to rows: the total is wrong, not the rows.
  if (totalResults !== null && items.length > 0 && totalResults === 0) {
    observer.observe({
      kind: 'inconsistent_page',
      resource,
      field: 'meta.total_results',
      detail: '0 with rows',
    });
    totalResults = null;
  }
  return { items, pageNumber, pageSize, totalPages, totalResults };
}
