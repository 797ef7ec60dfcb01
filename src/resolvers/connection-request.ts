import { BadUserInputError } from '../errors';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type ConnectionArgs } from '../schema/connection.args';

/** What a client asked of a connection, validated: a direction, a count and the cursors. */
export interface ConnectionRequest {
  /** Forward: the first `count` items after `after`; backward: the last `count` before `before`. */
  readonly direction: 'forward' | 'backward';
  readonly count: number;
  readonly after: string | null;
  readonly before: string | null;
}

function count(value: number, argumentName: 'first' | 'last'): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
    throw new BadUserInputError(
      `"${argumentName}" must be between 0 and ${MAX_PAGE_SIZE}.`,
      argumentName,
    );
  }
  return value;
}

/** Validates Relay arguments: `first` with `last` is refused, as is a count outside 0..250. */
export function connectionRequest(args: ConnectionArgs): ConnectionRequest {
  const after = args.after ?? null;
  const before = args.before ?? null;
  if (args.first != null && args.last != null) {
    throw new BadUserInputError('Pass "first" or "last", not both.', 'last');
  }
  if (args.last != null) {
    return { direction: 'backward', count: count(args.last, 'last'), after, before };
  }
  return {
    direction: 'forward',
    count: count(args.first ?? DEFAULT_PAGE_SIZE, 'first'),
    after,
    before,
  };
}
