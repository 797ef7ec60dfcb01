import { UpstreamBadResponseError } from '../../../../src/errors';
import { pageFromWire } from '../../../../src/upstream/pages/list-envelope';
import type { DriftObserver } from '../../../../src/upstream/decode/drift-observer';

const observer: DriftObserver = { observe: () => undefined };
const row = (wire: unknown) => wire as { id: string };
const list = (meta: Record<string, unknown>) =>
  pageFromWire({ data: [{ id: 'a' }], meta }, 'recording', row, observer);

describe('a list answer whose page meta makes no sense', () => {
  it.each([
    ['page_size', 0],
    ['page_size', -25],
    ['page_number', 0],
    ['total_pages', -1],
    ['total_results', -2147483648],
  ])('is UPSTREAM_BAD_RESPONSE naming meta.%s = %d', (key, value) => {
    expect(() => list({ [key]: value })).toThrow(UpstreamBadResponseError);
    expect(() => list({ [key]: value })).toThrow(`meta.${key}`);
  });

  it('reads a total beyond a GraphQL Int as unknown, keeping the rows', () => {
    const page = list({ page_number: 1, page_size: 20, total_results: 2 ** 53 - 1 });
    expect(page.totalResults).toBeNull();
    expect(page.items).toEqual([{ id: 'a' }]);
  });
});
