import { planPages } from '../../../src/loaders/page-plan';

describe('planPages', () => {
  it('uses one page of the window size when the window is aligned', () => {
    expect(planPages(40, 20)).toEqual({ pageSize: 20, pageNumbers: [3], skip: 0 });
  });

  it('finds one larger page that encloses an unaligned window', () => {
    expect(planPages(30, 25)).toEqual({ pageSize: 28, pageNumbers: [2], skip: 2 });
  });

  it('falls back to two pages when one page would over-read', () => {
    expect(planPages(249, 250)).toEqual({ pageSize: 250, pageNumbers: [1, 2], skip: 249 });
  });

  it('reads one row for a zero-sized window, for the totals', () => {
    expect(planPages(0, 0)).toEqual({ pageSize: 1, pageNumbers: [1], skip: 0 });
  });

  it('always covers the window with valid pages', () => {
    for (let offset = 0; offset <= 1000; offset += 7) {
      for (let limit = 1; limit <= 250; limit += 3) {
        const plan = planPages(offset, limit);
        const start = (plan.pageNumbers[0]! - 1) * plan.pageSize;
        const end = start + plan.pageNumbers.length * plan.pageSize;
        expect(plan.pageSize).toBeLessThanOrEqual(250);
        expect(plan.pageNumbers.length).toBeLessThanOrEqual(2);
        expect(start + plan.skip).toBe(offset);
        expect(end).toBeGreaterThanOrEqual(offset + limit);
        expect(plan.pageSize * plan.pageNumbers.length).toBeLessThanOrEqual(3 * limit + 2 * limit);
      }
    }
  });

  it('takes consecutive pages of the largest size the provider serves for a larger window', () => {
    expect(planPages(0, 251)).toEqual({ pageSize: 250, pageNumbers: [1, 2], skip: 0 });
    // A provider that caps page[size] at 100: a 250-row window from 30 takes pages 1 to 3.
    expect(planPages(30, 250, 100)).toEqual({ pageSize: 100, pageNumbers: [1, 2, 3], skip: 30 });
  });

  it('refuses negative offsets', () => {
    expect(() => planPages(-1, 10)).toThrow(RangeError);
  });
});
