import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { gatewayConfig } from '../../deploy/routers/gateway.config';
import {
  callLegsFromDataset,
  startCallsService,
  type RunningCallsService,
} from '../support/calls-service';
import { errorCodes, postGraphQL } from '../support/graphql-client';
import { startIdentityProvider, type IdentityProvider } from '../support/identity-provider';
import { startHiveGateway, type RunningHiveGateway } from '../support/start-hive-gateway';
import { composeSupergraph } from '../support/start-supergraph';
import { startStack, type Stack } from '../support/start-stack';

const ROUTERS = join(__dirname, '..', '..', 'deploy', 'routers');

/** The first `next` event of a GraphQL-over-SSE response, while `poke` runs every 250 ms. */
async function firstEvent(response: Response, poke: () => Promise<unknown>): Promise<unknown> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const state = { done: false };
  const poking = (async () => {
    while (!state.done) {
      await poke();
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) throw new Error(`the stream ended: ${buffer}`);
      buffer += decoder.decode(chunk.value as Uint8Array, { stream: true });
      const match = /(?:^|\n)event: next\ndata: (.*)\n\n/.exec(buffer);
      if (match?.[1]) return JSON.parse(match[1]) as unknown;
      // An error or a completion instead of an event: report it as it came.
      if (/event: complete/.test(buffer)) throw new Error(`completed without an event: ${buffer}`);
    }
  } finally {
    state.done = true;
    await reader.cancel();
    await poking;
  }
}

describe('the shipped Hive Gateway config, with end-user JWTs', () => {
  let idp: IdentityProvider;
  let stack: Stack;
  let calls: RunningCallsService;
  let gateway: RunningHiveGateway;
  beforeAll(async () => {
    idp = await startIdentityProvider();
    stack = await startStack({ env: { AUTH_DISABLED: 'false', ...idp.env } });
    calls = await startCallsService(callLegsFromDataset(stack.simulator.dataset));
    const { supergraphSdl } = composeSupergraph({
      recordings: stack.gateway.url,
      calls: calls.url,
    });
    gateway = await startHiveGateway(supergraphSdl, 'recordings', { config: gatewayConfig });
  }, 30_000);
  afterAll(async () => {
    await gateway.stop();
    await calls.stop();
    await stack.close();
    await idp.stop();
  });

  it('forwards the user’s token over HTTP: answered with it, refused without it', async () => {
    const token = await idp.token({ scope: 'recordings:read' });
    const query = '{ recordings(first: 2) { nodes { id nodeId callLeg { direction } } } }';
    const answered = await postGraphQL<{ recordings: { nodes: { nodeId: string }[] } }>(
      gateway.url,
      query,
      {},
      { headers: { authorization: `Bearer ${token}` } },
    );
    const refused = await postGraphQL(gateway.url, query);

    expect(answered.errors).toBeUndefined();
    expect(answered.data?.recordings.nodes).toHaveLength(2);
    expect(refused.data?.['recordings'] ?? null).toBeNull();
    expect(errorCodes(refused)).toContain('UNAUTHENTICATED');

    const nodeId = answered.data?.recordings.nodes[0]?.nodeId;
    const node = await postGraphQL<{ node: { nodeId: string } }>(
      gateway.url,
      'query ($n: ID!) { node(nodeId: $n) { nodeId } }',
      { n: nodeId },
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(node.data?.node).toEqual({ nodeId });
  });

  it('forwards the user’s token to the subscription WebSocket: events arrive', async () => {
    const token = await idp.token({ scope: 'recordings:read' });
    const controller = new AbortController();
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ query: 'subscription { recordingSaved { id nodeId } }' }),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const saved: string[] = [];
    const event = (await firstEvent(response, async () => {
      saved.push((await stack.simulator.saveRecording()).id);
    })) as { data?: { recordingSaved: { id: string } }; errors?: unknown };
    controller.abort();
    expect(event.errors).toBeUndefined();
    expect(saved).toContain(event.data?.recordingSaved.id);
  });
});

describe('the shipped Apollo Router config', () => {
  const config = parseYaml(readFileSync(join(ROUTERS, 'apollo-router.yaml'), 'utf8')) as {
    headers: {
      all: { request: unknown[] };
      subgraphs: Record<string, { request: unknown[] }>;
    };
    subscription: {
      enabled: boolean;
      mode: { callback: { public_url: string; path: string; subgraphs: string[] } };
    };
  };

  it('propagates the user’s token to every subgraph and sends the router secret to ours', () => {
    expect(config.headers.all.request).toContainEqual({ propagate: { named: 'authorization' } });
    expect(config.headers.subgraphs['recordings']?.request).toContainEqual({
      insert: { name: 'x-router-secret', value: '${env.ROUTER_SECRET}' },
    });
  });

  it('takes subscriptions by callback from the recordings subgraph, on the callback path', () => {
    const { callback } = config.subscription.mode;
    expect(config.subscription.enabled).toBe(true);
    expect(callback.subgraphs).toEqual(['recordings']);
    expect(new URL(callback.public_url).pathname).toBe(callback.path);
  });
});
