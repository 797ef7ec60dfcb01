import {
  RecordingsWithConferencesDocument,
  type RecordingsWithConferencesQuery,
} from '../operations/generated';
import { encodeCursor } from '../../src/resolvers/cursor';
import { execute, type GraphQLResponse } from '../support/graphql-client';
import { startStack, type Stack } from '../support/start-stack';

describe('recording connections', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.simulator.clearRequests());

  const allIds = () => stack.simulator.dataset.recordings.map((recording) => recording.id);

  it('walks the whole list with cursors, in upstream order: a page is one call, and one more for the count', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const response: GraphQLResponse<RecordingsWithConferencesQuery> = await execute(
        stack.gateway.url,
        RecordingsWithConferencesDocument,
        {
          first: 70,
          after,
        },
      );
      const connection = response.data?.recordings;
      if (!connection) throw new Error(JSON.stringify(response.errors));
      pages += 1;
      seen.push(...connection.edges.map((edge) => edge.node?.id ?? 'missing'));
      expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(connection.totalCount).toBe(300);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor ?? null;
    }
    expect(seen).toEqual(allIds());
    expect(pages).toBe(5);
    // Past the first page the window is read from the cursor's instant down; the list's size
    // (totalCount and hasPreviousPage) is one more read of a single row.
    const listCalls = stack.simulator.requests.filter((r) => r.route === 'GET /recordings');
    expect(listCalls).toHaveLength(1 + 2 * (pages - 1));
  });

  it('maps windows that do not align with upstream pages onto the right rows', async () => {
    for (const [offset, first] of [
      [30, 25],
      [249, 2],
      [1, 250],
      [199, 101],
      [299, 10],
    ] as const) {
      stack.simulator.clearRequests();
      const response = await execute(stack.gateway.url, RecordingsWithConferencesDocument, {
        first: Math.min(first, 250),
        after: encodeCursor(offset - 1),
      });
      const ids = response.data?.recordings?.edges.map((edge) => edge.node?.id);
      expect(ids).toEqual(allIds().slice(offset, offset + Math.min(first, 250)));
      const listCalls = stack.simulator.requests.filter((r) => r.route === 'GET /recordings');
      expect(listCalls.length).toBeLessThanOrEqual(2);
      for (const call of listCalls) {
        expect(Number(call.query['page[size]'])).toBeLessThanOrEqual(250);
      }
    }
  });

  it('gives the edge cursors that continue the list', async () => {
    const first = await execute(stack.gateway.url, RecordingsWithConferencesDocument, { first: 5 });
    const third = first.data?.recordings?.edges[2]?.cursor;
    const next = await execute(stack.gateway.url, RecordingsWithConferencesDocument, {
      first: 2,
      after: third ?? null,
    });
    expect(next.data?.recordings?.edges.map((edge) => edge.node?.id)).toEqual(allIds().slice(3, 5));
  });

  it('answers first: 0 with the total count and no edges, and never a next page without a cursor', async () => {
    const response = await execute(stack.gateway.url, RecordingsWithConferencesDocument, {
      first: 0,
    });
    expect(response.data?.recordings).toMatchObject({
      totalCount: 300,
      edges: [],
      // A next page with no endCursor to continue from would leave a client stuck.
      pageInfo: { hasNextPage: false, startCursor: null, endCursor: null },
    });
  });

  it('defaults to 20 items', async () => {
    const response = await execute(stack.gateway.url, RecordingsWithConferencesDocument, {
      first: null,
    });
    expect(response.data?.recordings?.edges).toHaveLength(20);
  });

  it.each([[251], [-1]])(
    'rejects first: %i as BAD_USER_INPUT before calling upstream',
    async (first) => {
      const response = await execute(stack.gateway.url, RecordingsWithConferencesDocument, {
        first,
      });
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        argumentName: 'first',
      });
      expect(stack.simulator.requests).toHaveLength(0);
    },
  );

  it('rejects a cursor it did not make as BAD_USER_INPUT', async () => {
    const response = await execute(stack.gateway.url, RecordingsWithConferencesDocument, {
      after: 'not-a-cursor',
    });
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'after',
    });
  });
});
