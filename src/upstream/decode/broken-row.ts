import { UpstreamBadResponseError } from '../../errors';
import type { DriftObserver } from './drift-observer';

/**
 * The error a row stands for when it lacks what this gateway needs: it names the resource, the
 * row's id (or its position) and the field, never a value.
 */
export function brokenRow(
  resource: string,
  rowId: string | undefined,
  field: string,
  what: string,
  observer: DriftObserver,
): UpstreamBadResponseError {
  observer.observe({
    kind: 'broken_row',
    resource,
    field,
    detail: what,
    ...(rowId === undefined ? {} : { rowId }),
  });
  const which = rowId === undefined ? `a ${resource} without an id` : `${resource} "${rowId}"`;
  return new UpstreamBadResponseError(`${which}: ${field} is ${what}`);
}
