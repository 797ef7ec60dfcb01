import { setTimeout as sleep } from 'node:timers/promises';
import {
  DeleteRecordingDocument,
  RecordingByIdDocument,
  RecordingsWithConferencesDocument,
} from '../operations/generated';
import { execute } from '../support/graphql-client';
import { startStack, TEST_API_KEY, type Stack } from '../support/start-stack';

const OTHER_KEY = 'second-tenant-key';
const as = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });

describe('cross-request cache', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      serverKey: false,
      env: { CACHE_TTL_SECONDS: '60', CACHE_MUTABLE_TTL_SECONDS: '1' },
      simulator: { apiKeys: [TEST_API_KEY, OTHER_KEY] },
    });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.simulator.clearRequests());

  const page = (key: string) =>
    execute(stack.gateway.url, RecordingsWithConferencesDocument, { first: 50 }, as(key));

  it('answers a repeated page with conference links from the cache, with no upstream call', async () => {
    const cold = await page(TEST_API_KEY);
    const coldCalls = stack.simulator.requests.length;
    stack.simulator.clearRequests();
    const warm = await page(TEST_API_KEY);

    expect(coldCalls).toBeGreaterThan(1);
    expect(stack.simulator.requests).toHaveLength(0);
    expect(warm.data).toEqual(cold.data);
  });

  it('serves reads by id from rows an earlier list brought in', async () => {
    const id = stack.simulator.dataset.recordings[7]?.id ?? '';
    await page(TEST_API_KEY);
    stack.simulator.clearRequests();
    const response = await execute(
      stack.gateway.url,
      RecordingByIdDocument,
      { id },
      as(TEST_API_KEY),
    );

    expect(response.data?.recording?.id).toBe(id);
    expect(stack.simulator.requests.filter((r) => r.route === 'GET /recordings/{id}')).toHaveLength(
      0,
    );
  });

  it('never answers one credential from entries another credential filled', async () => {
    await page(TEST_API_KEY);
    stack.simulator.clearRequests();
    const other = await page(OTHER_KEY);

    expect(other.errors).toBeUndefined();
    expect(stack.simulator.requests.length).toBeGreaterThan(1);
  });

  it('refetches changing data (list pages) once their short TTL has passed', async () => {
    await page(TEST_API_KEY);
    await sleep(1100);
    stack.simulator.clearRequests();
    await page(TEST_API_KEY);

    expect(stack.simulator.requests.filter((r) => r.route === 'GET /recordings')).toHaveLength(1);
  });

  it('forgets a deleted recording at once, in reads by id and in lists', async () => {
    const id = stack.simulator.dataset.recordings[0]?.id ?? '';
    const before = await page(TEST_API_KEY);
    expect(before.data?.recordings?.edges[0]?.node?.id).toBe(id);

    await execute(stack.gateway.url, DeleteRecordingDocument, { id }, as(TEST_API_KEY));
    const read = await execute(stack.gateway.url, RecordingByIdDocument, { id }, as(TEST_API_KEY));
    const after = await page(TEST_API_KEY);

    expect(read.data).toEqual({ recording: null });
    expect(after.data?.recordings?.edges.map((edge) => edge.node?.id)).not.toContain(id);
  });
});
