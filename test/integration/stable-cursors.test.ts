import {
  RecordingsPageDocument,
  type RecordingsPageQuery,
  type RecordingsPageQueryVariables,
} from '../operations/generated';
import { encodeCursor } from '../../src/resolvers/cursor';
import { errorCodes, execute, type GraphQLResponse } from '../support/graphql-client';
import { startStack, type Stack } from '../support/start-stack';

type Page = NonNullable<RecordingsPageQuery['recordings']>;

async function page(stack: Stack, variables: RecordingsPageQueryVariables): Promise<Page> {
  const response: GraphQLResponse<RecordingsPageQuery> = await execute(
    stack.gateway.url,
    RecordingsPageDocument,
    variables,
  );
  if (!response.data?.recordings) throw new Error(JSON.stringify(response.errors));
  return response.data.recordings;
}

const idsOf = (connection: Page) => connection.edges.map((edge) => edge.node?.id ?? 'missing');

/** Every id, walking forward `size` at a time. */
async function walkForward(stack: Stack, size: number, extra: RecordingsPageQueryVariables = {}) {
  const seen: string[] = [];
  let after: string | null = null;
  for (;;) {
    const connection: Page = await page(stack, { ...extra, first: size, after });
    seen.push(...idsOf(connection));
    expect(connection.pageInfo.hasPreviousPage).toBe(seen.length > idsOf(connection).length);
    if (!connection.pageInfo.hasNextPage) return seen;
    after = connection.pageInfo.endCursor ?? null;
  }
}

/** Every id in list order, walking backward from the end `size` at a time. */
async function walkBackward(stack: Stack, size: number, extra: RecordingsPageQueryVariables = {}) {
  const seen: string[] = [];
  let before: string | null = null;
  for (;;) {
    const connection: Page = await page(stack, { ...extra, last: size, before });
    seen.unshift(...idsOf(connection));
    expect(connection.pageInfo.hasNextPage).toBe(seen.length > idsOf(connection).length);
    if (!connection.pageInfo.hasPreviousPage) return seen;
    before = connection.pageInfo.startCursor ?? null;
  }
}

describe('recording cursors', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  const listed = () => stack.simulator.dataset.recordings.map((recording) => recording.id);

  it('walks the whole list backward with last/before as it walks forward, reversed', async () => {
    const forward = await walkForward(stack, 70);
    expect(forward).toEqual(listed());
    expect(await walkBackward(stack, 70)).toEqual(forward);
    // A window smaller than the provider's page, and a filtered list.
    const filter = { connectionId: '2000003' };
    const filtered = await walkForward(stack, 9, { filter });
    expect(filtered.length).toBeGreaterThan(9);
    expect(await walkBackward(stack, 9, { filter })).toEqual(filtered);
  });

  it('walks both ways where the provider reports no list size (cursor-style meta)', async () => {
    stack.simulator.drift.cursorMeta = true;
    stack.simulator.drift.omitTotalResults = true;
    try {
      const forward = await walkForward(stack, 110);
      expect(forward).toEqual(listed());
      expect(await walkBackward(stack, 110)).toEqual(forward);
    } finally {
      stack.simulator.drift.cursorMeta = false;
      stack.simulator.drift.omitTotalResults = false;
    }
  });

  it('neither repeats nor skips a row while recordings arrive at the head and rows are deleted', async () => {
    const before = listed();
    const first = await page(stack, { first: 20 });
    expect(idsOf(first)).toEqual(before.slice(0, 20));
    // Three arrive; the cursor's own row, a row above it and the next row are deleted.
    const arrived = [0, 1, 2].map(() => stack.simulator.addRecording().id);
    const recordings = stack.simulator.dataset.recordings;
    for (const gone of [before[19], before[5], before[20]]) {
      recordings.splice(
        recordings.findIndex((recording) => recording.id === gone),
        1,
      );
    }
    const second = await page(stack, { first: 20, after: first.pageInfo.endCursor });
    expect(idsOf(second)).toEqual(before.slice(21, 41));
    expect(second.pageInfo.hasPreviousPage).toBe(true);

    // Backward from the second page: the 20 rows now above it, the deleted ones gone.
    arrived.push(stack.simulator.addRecording().id);
    const back = await page(stack, { last: 20, before: second.pageInfo.startCursor });
    const now = listed();
    const above = now.slice(0, now.indexOf(before[21] ?? ''));
    // 4 arrived + 19 of the first page - 1 deleted above the cursor = 22 rows above.
    expect(above).toHaveLength(22);
    expect(idsOf(back)).toEqual(above.slice(2));
    expect(idsOf(back).slice(2)).toEqual(before.slice(0, 19).filter((id) => id !== before[5]));
    expect(back.pageInfo.hasPreviousPage).toBe(true);
    expect(back.pageInfo.hasNextPage).toBe(true);
    const head = await page(stack, { last: 10, before: back.pageInfo.startCursor });
    expect(idsOf(head)).toEqual(above.slice(0, 2));
    expect(arrived).toEqual(expect.arrayContaining([...idsOf(head), ...idsOf(back).slice(0, 2)]));
    expect(head.pageInfo.hasPreviousPage).toBe(false);
  });

  it('pages through recordings created at the same instant, each once', async () => {
    const [anchor, floor] = [
      stack.simulator.dataset.recordings[40],
      stack.simulator.dataset.recordings[60],
    ];
    if (!anchor || !floor) throw new Error('no recording to tie with');
    const tied = [0, 1, 2, 3].map(
      () => stack.simulator.addRecording({ created_at: anchor.created_at }).id,
    );
    const all = listed();
    const expected = all.slice(all.indexOf(anchor.id), all.indexOf(floor.id) + 1);
    expect(expected.slice(0, 5)).toEqual([anchor.id, ...tied]);
    const filter = { createdBefore: anchor.created_at, createdAfter: floor.created_at };
    // Pages of two split the five tied rows: forward and backward each see every row once.
    expect(await walkForward(stack, 2, { filter })).toEqual(expected);
    expect(await walkBackward(stack, 2, { filter })).toEqual(expected);
    expect(await walkForward(stack, 1, { filter })).toEqual(expected);
  });

  it('walks both ways where the provider filters created_at to the millisecond only', async () => {
    stack.simulator.drift.millisecondTimeFilters = true;
    try {
      const anchor = stack.simulator.dataset.recordings[10];
      if (!anchor) throw new Error('no recording');
      stack.simulator.addRecording({ created_at: anchor.created_at.replace(/\d{3}Z$/, '999Z') });
      const filter = { createdBefore: anchor.created_at };
      const expected = listed().filter((_, index) => index >= listed().indexOf(anchor.id));
      expect(await walkForward(stack, 3, { filter })).toEqual(expected);
      expect(await walkBackward(stack, 40, { filter })).toEqual(expected);
    } finally {
      stack.simulator.drift.millisecondTimeFilters = false;
    }
  });

  it('refuses cursors it cannot honour and first with last, as BAD_USER_INPUT, with no upstream call', async () => {
    const filtered = await page(stack, { first: 5, filter: { connectionId: '2000003' } });
    stack.simulator.clearRequests();
    const refusals = await Promise.all(
      [
        // A cursor of another list.
        { first: 5, after: filtered.pageInfo.endCursor },
        { first: 5, last: 5 },
        { first: 5, after: 'not-a-cursor' },
        { last: 5, before: 'k1:bm90IGpzb24' },
      ].map((variables) => execute(stack.gateway.url, RecordingsPageDocument, variables)),
    );
    for (const refusal of refusals) {
      expect(errorCodes(refusal)).toEqual(['BAD_USER_INPUT']);
      expect(refusal.data?.recordings ?? null).toBeNull();
    }
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it('still honours position cursors issued before keys', async () => {
    const connection = await page(stack, { first: 3, after: encodeCursor(9) });
    expect(idsOf(connection)).toEqual(listed().slice(10, 13));
  });
});

describe('a provider listing recordings out of order', () => {
  it('falls back to position cursors, says so in logs and metrics, and refuses its keys', async () => {
    const stack = await startStack();
    try {
      const key = (await page(stack, { first: 5 })).pageInfo.endCursor;
      const recordings = stack.simulator.dataset.recordings;
      const [second, third] = [recordings[1], recordings[2]];
      if (!second || !third) throw new Error('too few recordings');
      recordings.splice(1, 2, third, second);
      const fallback = await page(stack, { first: 5 });
      expect(idsOf(fallback)).toEqual(recordings.slice(0, 5).map((recording) => recording.id));
      const next = await page(stack, { first: 5, after: fallback.pageInfo.endCursor });
      expect(idsOf(next)).toEqual(recordings.slice(5, 10).map((recording) => recording.id));
      const refused = await execute(stack.gateway.url, RecordingsPageDocument, {
        first: 5,
        after: key,
      });
      expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
      expect(stack.logs.some((line) => line.includes('unordered_list'))).toBe(true);
      const metrics = await (await fetch(new URL('/metrics', stack.gateway.url))).text();
      expect(metrics).toMatch(/unordered_list/);
    } finally {
      await stack.close();
    }
  });
});
