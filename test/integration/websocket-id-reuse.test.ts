import type { RunningSimulator } from '../../src/simulator/simulator-server';
import type { GatewayProcess } from '../support/spawn-gateway';
import { sampleMetric as sample } from '../support/metric-sample';
import { rawGraphqlWsConnection, textFrame } from '../support/stalled-subscriber';
import { startWebhookGateway, type WebhookGateway } from '../support/webhook-gateway';

const SAVED = { query: 'subscription { recordingSaved { id } }' };

describe('a subscription id reused while its run is still ending', () => {
  let simulator: RunningSimulator;
  let gateway: GatewayProcess;
  let stack: WebhookGateway;

  beforeAll(async () => {
    stack = await startWebhookGateway({ deliverWebhooks: true });
    ({ simulator, gateway } = stack);
  }, 30_000);
  afterAll(() => stack.close());

  it('is refused, and nothing of the connection outlives its socket', async () => {
    const socket = await rawGraphqlWsConnection(gateway.url);
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    const until = async (text: string): Promise<void> => {
      for (let wait = 0; wait < 50 && !received.includes(text); wait += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(received).toContain(text);
    };
    socket.write(textFrame(JSON.stringify({ id: '1', type: 'subscribe', payload: SAVED })));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await sample(gateway, 'graphql_ws_shared_executions')).toBe(1);

    // `complete` then `subscribe` under the same id, in one write: the old run is still ending.
    socket.write(
      Buffer.concat([
        textFrame(JSON.stringify({ id: '1', type: 'complete' })),
        textFrame(JSON.stringify({ id: '1', type: 'subscribe', payload: SAVED })),
      ]),
    );
    // The close frame names why (4409); this raw client answers no close handshake.
    await until('still ending');
    socket.destroy();
    await closed;

    // Nothing keeps reading upstream for the connection that is gone.
    let executions = -1;
    for (let wait = 0; wait < 30 && executions !== 0; wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      executions = await sample(gateway, 'graphql_ws_shared_executions');
    }
    expect(executions).toBe(0);
    simulator.clearRequests();
    await simulator.saveRecording();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(simulator.requests.filter((request) => request.method === 'GET')).toEqual([]);
  }, 30_000);
});
