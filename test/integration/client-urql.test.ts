import { join } from 'node:path';
import WebSocket from 'ws';
import { createUrqlClient } from '../../examples/clients/urql-client';
import {
  ClientRecordingSaved,
  ClientRecordingsPage,
  ClientRefetchRecording,
} from '../../examples/clients/operations';
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

describe('the urql + Graphcache recipe, against a gateway that runs trusted documents only', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      serverKey: false,
      env: { NODE_ENV: 'production', TRUSTED_DOCUMENTS: MANIFEST },
    });
  });
  afterAll(() => stack.close());

  const requests: string[] = [];
  const newClient = () =>
    createUrqlClient({
      url: stack.gateway.url.href,
      fetch: (input, init) => {
        requests.push(
          `${init?.method ?? 'GET'} ${input instanceof Request ? input.url : input.toString()}`,
        );
        return fetch(input, init);
      },
      token: () => TEST_API_KEY,
      trustedDocuments: true,
      webSocketImpl: WebSocket,
    });

  it('pages forward and back by hash over GET, and refetches by nodeId', async () => {
    const client = newClient();
    const expected = stack.simulator.dataset.recordings.slice(0, 15).map((r) => r.id);
    const ids = (edges: readonly ({ node: { id: string } | null } | null)[] | undefined) =>
      (edges ?? []).map((edge) => edge?.node?.id);

    let after: string | null | undefined = null;
    let listed: (string | undefined)[] = [];
    for (let page = 0; page < 3; page += 1) {
      const result = await client.query(ClientRecordingsPage, { first: 5, after }).toPromise();
      expect(result.error).toBeUndefined();
      after = result.data?.recordings?.pageInfo.endCursor;
      listed = ids(result.data?.recordings?.edges);
    }
    // relayPagination answers the list walked so far.
    expect(listed).toEqual(expected);

    const back = await client
      .query(ClientRecordingsPage, { last: 5, before: after }, { requestPolicy: 'network-only' })
      .toPromise();
    expect(back.error).toBeUndefined();
    expect(back.data?.recordings?.pageInfo.hasPreviousPage).toBe(true);
    expect(ids(back.data?.recordings?.edges)).toEqual(expected);

    const target = stack.simulator.dataset.recordings[3]!;
    const nodeId = Buffer.from(`Recording:${target.id}`).toString('base64url');
    const refetched = await client
      .query(ClientRefetchRecording, { nodeId }, { requestPolicy: 'network-only' })
      .toPromise();
    expect(refetched.error).toBeUndefined();
    expect(refetched.data?.node).toMatchObject({
      __typename: 'Recording',
      nodeId,
      id: target.id,
      status: target.status.toUpperCase(),
    });
    // Every request was a GET by hash, without the text: urql's defaults, persisted exchange.
    expect(requests).toHaveLength(5);
    for (const request of requests) {
      expect(request).toMatch(/^GET .*extensions=.*persistedQuery/);
      expect(request).not.toMatch(/[?&]query=/);
    }
  });

  it('receives recordingSaved over graphql-ws with the same token, by hash', async () => {
    const client = newClient();
    const events: string[] = [];
    const errors: unknown[] = [];
    const subscription = client.subscription(ClientRecordingSaved, {}).subscribe((result) => {
      if (result.error) errors.push(result.error);
      if (result.data) events.push(result.data.recordingSaved.id);
    });
    const saved = await saveUntilHeard(
      stack.simulator,
      () => events.length > 0 || errors.length > 0,
    );
    expect(errors).toEqual([]);
    expect(saved).toContain(events[0]);
    subscription.unsubscribe();
  });
});
