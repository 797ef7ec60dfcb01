import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  ConnectionHandler,
  commitLocalUpdate,
  createOperationDescriptor,
  fetchQuery,
  requestSubscription,
  type Disposable,
  type Environment,
  type GraphQLTaggedNode,
  type OperationType,
} from 'relay-runtime';
import WebSocket from 'ws';
import RelayAppQuery from '../../examples/relay/src/__generated__/RelayAppQuery.graphql';
import RelayConferenceRefetchQuery from '../../examples/relay/src/__generated__/RelayConferenceRefetchQuery.graphql';
import RelayRecordingListPaginationQuery from '../../examples/relay/src/__generated__/RelayRecordingListPaginationQuery.graphql';
import RelayRecordingRefetchQuery from '../../examples/relay/src/__generated__/RelayRecordingRefetchQuery.graphql';
import RelayRecordingSavedSubscription from '../../examples/relay/src/__generated__/RelayRecordingSavedSubscription.graphql';
import { createRelayEnvironment } from '../../examples/relay/src/relay-environment';
import { postGraphQL } from '../support/graphql-client';
import { saveUntilHeard } from '../support/save-until-heard';
import { startStack, TEST_API_KEY, type Stack } from '../support/start-stack';

const RELAY_APP = join(__dirname, '..', '..', 'examples', 'relay');
const COMPILER = join(__dirname, '..', '..', 'node_modules', '.bin', 'relay-compiler');

describe('the Relay recipe: relay-compiler with nodeId, relay-runtime against a gateway', () => {
  let stack: Stack;
  let environment: Environment;
  const retained: Disposable[] = [];
  beforeAll(async () => {
    stack = await startStack({ serverKey: false });
    environment = createRelayEnvironment({
      url: stack.gateway.url.href,
      token: () => TEST_API_KEY,
      webSocketImpl: WebSocket,
    });
  });
  afterAll(async () => {
    for (const disposable of retained) disposable.dispose();
    await stack.close();
  });

  /** Runs an operation and keeps its data in the store, as a mounted component would. */
  async function run<T extends OperationType>(
    query: GraphQLTaggedNode & Parameters<typeof createOperationDescriptor>[0],
    variables: T['variables'],
  ): Promise<T['response']> {
    const response = await fetchQuery<T>(environment, query, variables).toPromise();
    retained.push(environment.retain(createOperationDescriptor(query, variables)));
    return response;
  }

  /** The ids in the store's connection, in order, and its page info. */
  function connection(): { ids: string[]; start: unknown; end: unknown } {
    let read = { ids: [] as string[], start: undefined as unknown, end: undefined as unknown };
    commitLocalUpdate(environment, (store) => {
      const list = ConnectionHandler.getConnection(
        store.getRoot(),
        'RelayRecordingList_recordings',
      );
      const pageInfo = list?.getLinkedRecord('pageInfo');
      read = {
        ids: (list?.getLinkedRecords('edges') ?? []).map(
          (edge) => edge.getLinkedRecord('node').getValue('id') as string,
        ),
        start: pageInfo?.getValue('startCursor'),
        end: pageInfo?.getValue('endCursor'),
      };
    });
    return read;
  }

  it('compiles @refetchable fragments on Recording and Conference with the documented schemaConfig, and its artifacts are current', async () => {
    const config = JSON.parse(readFileSync(join(RELAY_APP, 'relay.config.json'), 'utf8')) as {
      schemaConfig: Record<string, string>;
    };
    expect(config.schemaConfig).toEqual({
      nodeInterfaceIdField: 'nodeId',
      nodeInterfaceIdVariableName: 'nodeId',
    });
    // --validate fails when a committed artifact differs from what the compiler writes.
    await expect(
      promisify(execFile)(COMPILER, ['--validate'], { cwd: RELAY_APP }),
    ).resolves.toBeDefined();
    expect(RelayRecordingRefetchQuery.params.text).toContain('node(nodeId: $nodeId)');
    expect(RelayConferenceRefetchQuery.params.text).toContain('node(nodeId: $nodeId)');
  });

  it('walks the @connection forward and back from the middle of the list', async () => {
    const all = stack.simulator.dataset.recordings.map((r) => r.id);
    const start = await postGraphQL<{ recordings: { pageInfo: { endCursor: string } } }>(
      stack.gateway.url,
      '{ recordings(first: 10) { pageInfo { endCursor } } }',
      {},
      { headers: { authorization: `Bearer ${TEST_API_KEY}` } },
    );
    await run(RelayAppQuery, { first: 5, after: start.data?.recordings.pageInfo.endCursor });
    expect(connection().ids).toEqual(all.slice(10, 15));

    await run(RelayRecordingListPaginationQuery, { first: 5, after: connection().end });
    expect(connection().ids).toEqual(all.slice(10, 20));

    await run(RelayRecordingListPaginationQuery, { last: 5, before: connection().start });
    expect(connection().ids).toEqual(all.slice(5, 20));
  });

  it('refetches a Recording and a Conference by nodeId into the records the lists point at', async () => {
    const recording = stack.simulator.dataset.recordings[12]!;
    const recordingNodeId = Buffer.from(`Recording:${recording.id}`).toString('base64url');
    await run(RelayRecordingRefetchQuery, { nodeId: recordingNodeId });
    const source = environment.getStore().getSource();
    expect(source.get(recordingNodeId)).toMatchObject({
      __typename: 'Recording',
      id: recording.id,
      nodeId: recordingNodeId,
      status: recording.status.toUpperCase(),
    });

    const conference = stack.simulator.dataset.conferences[0]!;
    const conferenceNodeId = Buffer.from(`Conference:${conference.id}`).toString('base64url');
    await run(RelayConferenceRefetchQuery, { nodeId: conferenceNodeId });
    expect(source.get(conferenceNodeId)).toMatchObject({
      __typename: 'Conference',
      id: conference.id,
      name: conference.name,
    });
  });

  it('receives recordingSaved through the network layer’s subscribe', async () => {
    const events: string[] = [];
    const errors: unknown[] = [];
    const subscription = requestSubscription(environment, {
      subscription: RelayRecordingSavedSubscription,
      variables: {},
      onNext: (data) => {
        const saved = (data as { recordingSaved?: { id: string } } | null)?.recordingSaved;
        if (saved) events.push(saved.id);
      },
      onError: (error) => errors.push(error),
    });
    const saved = await saveUntilHeard(
      stack.simulator,
      () => events.length > 0 || errors.length > 0,
    );
    expect(errors).toEqual([]);
    expect(saved).toContain(events[0]);
    const nodeId = Buffer.from(`Recording:${events[0]}`).toString('base64url');
    expect(environment.getStore().getSource().get(nodeId)).toMatchObject({ id: events[0] });
    subscription.dispose();
  });
});
