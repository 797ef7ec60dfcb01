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
  // The spec bounds none of these; values no page can have would mislead the page planner.
  const pageNumber = bounded(meta, 'page_number', 1, resource);
  const pageSize = bounded(meta, 'page_size', 1, resource);
  const totalPages = bounded(meta, 'total_pages', 0, resource);
  let totalResults = bounded(meta, 'total_results', 0, resource);
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

/** A meta integer at least `min`; below it the list answer is broken (absent is fine). */
function bounded(
  meta: RowReader | null,
  key: string,
  min: number,
  resource: string,
): number | null {
  const value = meta?.integer(key) ?? null;
  if (value !== null && value < min) {
    throw new UpstreamBadResponseError(
      `the ${resource} list's meta.${key} is ${min === 1 ? 'not positive' : 'negative'}`,
    );
  }
  return value;
}
