import { planPages } from '../../../src/loaders/page-plan';
import { encodeCursor } from '../../../src/resolvers/cursor';
import { positionWindow } from '../../../src/resolvers/offset-connection';

/** Relay's algorithm on a list of positions: cut at the cursors, then first or last. */
function relay(
  size: number,
  after: number | null,
  before: number | null,
  first: number | null,
  last: number | null,
) {
  let edges = Array.from({ length: size }, (_, position) => position);
  if (after !== null) edges = edges.filter((position) => position > after);
  if (before !== null) edges = edges.filter((position) => position < before);
  if (first !== null) edges = edges.slice(0, first);
  if (last !== null) edges = edges.slice(Math.max(0, edges.length - last));
  return edges;
}

describe('positionWindow with the page planner', () => {
  it('covers exactly Relay’s window, forward and backward, with valid upstream pages', async () => {
    const cursors = (size: number) =>
      [null, 0, 1, 7, 249, 250, size - 2, size - 1].filter(
        (position): position is number | null =>
          position === null || (position >= 0 && position < size),
      );
    for (const size of [1, 3, 251, 600]) {
      for (const after of cursors(size)) {
        for (const before of cursors(size)) {
          for (const count of [0, 1, 2, 25, 249, 250]) {
            for (const direction of ['forward', 'backward'] as const) {
              const window = await positionWindow(
                {
                  direction,
                  count,
                  after: after === null ? null : encodeCursor(after),
                  before: before === null ? null : encodeCursor(before),
                },
                () => Promise.resolve(size),
              );
              const expected = relay(
                size,
                after,
                before,
                direction === 'forward' ? count : null,
                direction === 'backward' ? count : null,
              );
              const covered = Array.from(
                { length: Math.max(0, Math.min(window.limit, size - window.start)) },
                (_, index) => window.start + index,
              );
              expect({ size, after, before, count, direction, covered }).toEqual({
                size,
                after,
                before,
                count,
                direction,
                covered: expected,
              });
              if (window.limit === 0) continue;
              const plan = planPages(window.start, window.limit);
              const start = ((plan.pageNumbers[0] ?? 1) - 1) * plan.pageSize;
              expect(plan.pageSize).toBeLessThanOrEqual(250);
              expect(plan.pageNumbers.length).toBeLessThanOrEqual(2);
              expect(start + plan.skip).toBe(window.start);
              expect(start + plan.pageNumbers.length * plan.pageSize).toBeGreaterThanOrEqual(
                window.start + window.limit,
              );
            }
          }
        }
      }
    }
  });
});
