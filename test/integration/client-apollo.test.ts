import { join } from 'node:path';
import type { NormalizedCacheObject } from '@apollo/client';
import { firstValueFrom, filter } from 'rxjs';
import WebSocket from 'ws';
import { createApolloClient } from '../../examples/clients/apollo-client';
import {
  ClientDeleteRecording,
  ClientRecordingSaved,
  ClientRecordingsPage,
  ClientRefetchRecording,
} from '../../examples/clients/operations';
import { errorCodes, postGraphQL } from '../support/graphql-client';
import { saveUntilHeard } from '../support/save-until-heard';
import { startStack, TEST_API_KEY, type Stack } from '../support/start-stack';

const MANIFEST = join(
  __dirname,
  '..',
  '..',
  'examples',
  'clients',
  'gql',
  'persisted-documents.json',
);

describe('the Apollo Client 4 recipe, against a gateway that runs trusted documents only', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      serverKey: false,
      env: { NODE_ENV: 'production', TRUSTED_DOCUMENTS: MANIFEST },
    });
  });
  afterAll(() => stack.close());

  const newClient = () =>
    createApolloClient({
      url: stack.gateway.url.href,
      token: () => TEST_API_KEY,
      trustedDocuments: true,
      webSocketImpl: WebSocket,
    });

  it('runs only listed documents (the recipe sends hashes, never text)', async () => {
    const response = await postGraphQL(
      stack.gateway.url,
      '{ __typename }',
      {},
      {
        headers: { authorization: `Bearer ${TEST_API_KEY}` },
      },
    );
    expect(errorCodes(response)).toEqual(['PERSISTED_QUERY_ID_REQUIRED']);
  });

  it('pages forward and back, refetches by nodeId, and normalises Recording:<id>', async () => {
    const client = newClient();
    const expected = stack.simulator.dataset.recordings.slice(0, 15).map((r) => r.id);
    const query = client.watchQuery({ query: ClientRecordingsPage, variables: { first: 5 } });
    const first = await firstValueFrom(query.pipe(filter((result) => !result.loading)));
    expect(first.error).toBeUndefined();

    let endCursor = first.data?.recordings?.pageInfo?.endCursor;
    for (let page = 0; page < 2; page += 1) {
      const more = await query.fetchMore({ variables: { after: endCursor } });
      expect(more.error).toBeUndefined();
      endCursor = more.data.recordings?.pageInfo.endCursor;
    }
    const merged = () =>
      (query.getCurrentResult().data?.recordings?.edges ?? []).map((edge) => edge.node?.id);
    // relayStylePagination keeps one list: the three pages, in order.
    expect(merged()).toEqual(expected);

    const cursor = query.getCurrentResult().data?.recordings?.edges?.[10]?.cursor;
    const back = await query.fetchMore({ variables: { first: null, last: 5, before: cursor } });
    expect(back.data.recordings?.edges.map((edge) => edge.node?.id)).toEqual(expected.slice(5, 10));
    expect(back.data.recordings?.pageInfo.hasPreviousPage).toBe(true);
    // Walking back keeps the page fetched and what follows its cursor (Apollo's merge).
    expect(merged()).toEqual(expected.slice(5));

    const cache = client.cache.extract() as NormalizedCacheObject;
    for (const id of expected) expect(cache[`Recording:${id}`]).toMatchObject({ id });

    const target = expected[5]!;
    const nodeId = query.getCurrentResult().data?.recordings?.edges?.[0]?.node?.nodeId;
    const refetched = await client.query({
      query: ClientRefetchRecording,
      variables: { nodeId: nodeId! },
      fetchPolicy: 'network-only',
    });
    expect(refetched.data?.node).toMatchObject({ __typename: 'Recording', id: target });
    // The refetch landed on the same cache entry the list points at.
    const entry = (client.cache.extract() as NormalizedCacheObject)[`Recording:${target}`];
    expect(entry).toMatchObject({
      id: target,
      nodeId,
      status: stack.simulator.dataset.recordings[5]!.status.toUpperCase(),
    });
    client.stop();
  });

  it('evicts a deleted recording from every cached list', async () => {
    const client = newClient();
    const page = await client.query({ query: ClientRecordingsPage, variables: { first: 5 } });
    const victim = page.data?.recordings?.edges[1]?.node?.id;
    const deleted = await client.mutate({
      mutation: ClientDeleteRecording,
      variables: { id: victim! },
      update(cache, { data }) {
        if (data?.deleteRecording) cache.evict({ id: cache.identify(data.deleteRecording) });
        cache.gc();
      },
    });
    expect(deleted.error).toBeUndefined();
    const after = await client.query({
      query: ClientRecordingsPage,
      variables: { first: 5 },
      fetchPolicy: 'cache-only',
    });
    const ids = after.data?.recordings?.edges.map((edge) => edge.node?.id);
    expect(ids).toHaveLength(4);
    expect(ids).not.toContain(victim);
    client.stop();
  });

  it('receives recordingSaved over graphql-ws with the same token', async () => {
    const client = newClient();
    const events: string[] = [];
    const subscription = client.subscribe({ query: ClientRecordingSaved }).subscribe((result) => {
      if (result.data) events.push(result.data.recordingSaved.id);
    });
    const saved = await saveUntilHeard(stack.simulator, () => events.length > 0);
    expect(saved).toContain(events[0]);
    subscription.unsubscribe();
    client.stop();
  });
});
