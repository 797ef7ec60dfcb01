import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator-server';
import { spawnGateway, type GatewayProcess } from '../support/spawn-gateway';
import { textFrame } from '../support/stalled-subscriber';
import { TEST_API_KEY } from '../support/start-stack';

const SAVED = { query: 'subscription { recordingSaved { id } }' };

async function sample(gateway: GatewayProcess, line: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', gateway.url))).text();
  const found = text.split('\n').find((row) => row.startsWith(`${line} `));
  return found === undefined ? 0 : Number(found.slice(line.length + 1));
}

describe('a subscription id reused while its run is still ending', () => {
  let simulator: RunningSimulator;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    simulator = await startSimulator({ apiKeys: [TEST_API_KEY] });
    gateway = await spawnGateway({
      UPSTREAM_URL: simulator.baseUrl.href,
      UPSTREAM_API_KEY: TEST_API_KEY,
      AUTH_DISABLED: 'true',
      WEBHOOK_PUBLIC_KEY: simulator.webhooks.keys.publicKey,
    });
    simulator.webhooks.target = new URL('/webhooks', gateway.url);
  }, 30_000);
  afterAll(async () => {
    await gateway.stop();
    await simulator.close();
  });

  it('is refused, and nothing of the connection outlives its socket', async () => {
    const { port, hostname, host, pathname } = gateway.url;
    const socket = connect(Number(port), hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write(
      `GET ${pathname} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\n` +
        'Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
        'Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n',
    );
    const until = async (text: string): Promise<void> => {
      for (let wait = 0; wait < 50 && !received.includes(text); wait += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(received).toContain(text);
    };
    await until('101 Switching Protocols');
    socket.write(textFrame(JSON.stringify({ type: 'connection_init', payload: {} })));
    await until('connection_ack');
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
