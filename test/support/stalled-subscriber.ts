import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** One masked text frame, as a client must send it (RFC 6455 §5.2). */
export function textFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const mask = randomBytes(4);
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x81, 0x80 | length])
      : Buffer.from([0x81, 0x80 | 126, length >> 8, length & 0xff]);
  const masked = Buffer.alloc(length);
  for (let i = 0; i < length; i += 1) masked[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return Buffer.concat([header, mask, masked]);
}

/**
 * A graphql-transport-ws connection on raw TCP, acknowledged (`connection_ack` received): what a
 * client library would never send (or never fail to read) can be written on it frame by frame.
 */
export async function rawGraphqlWsConnection(url: URL): Promise<Socket> {
  const socket = connect(Number(url.port), url.hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(
    `GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\n` +
      'Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
      'Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n',
  );
  let received = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ack: ${received}`)), 5000);
    const onData = (chunk: Buffer): void => {
      received += chunk.toString('latin1');
      if (received.startsWith('HTTP/1.1 101') && !received.includes('connection_init_sent')) {
        received += 'connection_init_sent';
        socket.write(textFrame(JSON.stringify({ type: 'connection_init', payload: {} })));
      }
      if (received.includes('"connection_ack"')) {
        clearTimeout(timer);
        socket.off('data', onData);
        resolve();
      }
    };
    socket.on('data', onData);
  });
  socket.on('error', () => undefined);
  return socket;
}

/**
 * A graphql-ws subscriber that subscribes, then stops reading its socket altogether (a client
 * frozen, or behind a dead network): it never answers a close frame. Raw TCP, so nothing in a
 * client library reads on its behalf.
 */
export async function stalledSubscriber(url: URL, query: string): Promise<Socket> {
  const socket = await rawGraphqlWsConnection(url);
  socket.write(textFrame(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } })));
  socket.pause();
  return socket;
}
