import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { postGraphQL } from '../support/graphql-client';
import { startIdentityProvider, type IdentityProvider } from '../support/identity-provider';
import { startStack, TEST_API_KEY, type Stack } from '../support/start-stack';
import { subscribe } from '../support/subscription-client';

const RECORDING_SAVED = 'subscription { recordingSaved { id } }';
const SECOND_KEY = 'second-tenant-key-81d2';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RawSocket {
  readonly socket: WebSocket;
  /** Every message the server sent, parsed. */
  readonly messages: { type: string; id?: string; payload?: unknown }[];
  /** Resolves with the first ack or close: 'ack', or the close code and reason. */
  readonly outcome: Promise<'ack' | { code: number; reason: string }>;
  send(message: Record<string, unknown>): void;
  /** Resolves at close with its code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;
}

/** A graphql-transport-ws socket spoken by hand: what an attacker's script does. */
function openSocket(
  url: URL,
  connectionParams: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): RawSocket {
  const socket = new WebSocket(url.href.replace(/^http/, 'ws'), 'graphql-transport-ws', {
    headers,
  });
  const messages: RawSocket['messages'] = [];
  let settle!: (value: 'ack' | { code: number; reason: string }) => void;
  const outcome = new Promise<'ack' | { code: number; reason: string }>((r) => (settle = r));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => {
      const event = { code, reason: reason.toString() };
      settle(event);
      resolve(event);
    });
  });
  socket.on('error', () => undefined);
  socket.on('open', () => {
    socket.send(JSON.stringify({ type: 'connection_init', payload: connectionParams }));
  });
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as RawSocket['messages'][number];
    messages.push(message);
    if (message.type === 'connection_ack') settle('ack');
  });
  return {
    socket,
    messages,
    outcome,
    closed,
    send: (message) => socket.send(JSON.stringify(message)),
  };
}

describe('a subscription lives as long as its token', () => {
  let identity: IdentityProvider;
  let stack: Stack;
  beforeAll(async () => {
    identity = await startIdentityProvider();
    stack = await startStack({ env: { ...identity.env, AUTH_DISABLED: 'false' } });
  });
  afterAll(async () => {
    await stack.close();
    await identity.stop();
  });

  it('delivers while the token is valid, closes the socket at exp with a reason, and nothing after', async () => {
    const token = await identity.token({ scope: 'recordings:read', expiresIn: 3 });
    const subscriber = await subscribe<{ recordingSaved: { id: string } }>(
      stack.gateway.url,
      RECORDING_SAVED,
      {},
      { connectionParams: { token } },
    );
    const first = await stack.simulator.saveRecording();
    await subscriber.until(1);
    expect(subscriber.results[0]?.data?.recordingSaved.id).toBe(first.id);
    const closed = (await subscriber.failure) as { code?: number; reason?: string };
    expect(closed.code).toBe(4403);
    expect(closed.reason).toMatch(/expired/);
    await stack.simulator.saveRecording();
    await pause(300);
    expect(subscriber.results).toHaveLength(1);
  });

  it('gives back the place of a handshake it refused: bad upgrades do not lock an address out', async () => {
    const badUpgrade = () =>
      new Promise<number>((resolve) => {
        const outgoing = request(stack.gateway.url, {
          headers: {
            connection: 'Upgrade',
            upgrade: 'websocket',
            'sec-websocket-version': '13',
            'sec-websocket-key': 'not-a-valid-key',
            'sec-websocket-protocol': 'graphql-transport-ws',
          },
        });
        outgoing.on('response', (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        outgoing.on('error', () => resolve(0));
        outgoing.end();
      });
    const statuses: number[] = [];
    for (let i = 0; i < 220; i += 1) statuses.push(await badUpgrade());
    expect(statuses.every((status) => status === 400)).toBe(true);
    const token = await identity.token({ scope: 'recordings:read', sub: 'after-bad-upgrades' });
    const socket = openSocket(stack.gateway.url, { token });
    expect(await socket.outcome).toBe('ack');
    socket.socket.close();
  });

  it('refuses to connect with a token that already expired', async () => {
    const token = await identity.token({ scope: 'recordings:read', expiresIn: -10 });
    const socket = openSocket(stack.gateway.url, { token });
    expect(await socket.outcome).toMatchObject({ code: 4403 });
  });

  it('admits at most SUBSCRIPTIONS_PER_CLIENT sockets per user, and HTTP still answers', async () => {
    const token = await identity.token({ scope: 'recordings:read', sub: 'greedy-user' });
    const sockets = Array.from({ length: 150 }, () => openSocket(stack.gateway.url, { token }));
    const outcomes = await Promise.all(sockets.map((socket) => socket.outcome));
    const acknowledged = outcomes.filter((outcome) => outcome === 'ack').length;
    const refusals = outcomes.filter((outcome) => outcome !== 'ack');
    expect(acknowledged).toBe(50);
    expect(refusals[0]).toEqual({ code: 4429, reason: 'Too many connections for this client' });
    const other = await identity.token({ scope: 'recordings:read', sub: 'someone-else' });
    const answer = await postGraphQL(
      stack.gateway.url,
      '{ recordings(first: 1) { edges { node { id } } } }',
      {},
      { headers: { authorization: `Bearer ${other}` } },
    );
    expect(answer.status).toBe(200);
    expect(answer.errors).toBeUndefined();
    const health = await fetch(new URL('/health/live', stack.gateway.url));
    expect(health.status).toBe(200);
    for (const socket of sockets) socket.socket.close();
    await Promise.all(sockets.map((socket) => socket.closed));
  });
});

describe('the WebSocket path enforces what HTTP enforces, in production', () => {
  let stack: Stack;
  let documentId: string;
  beforeAll(async () => {
    const document = 'subscription Saved { recordingSaved { id } }';
    documentId = `sha256:${createHash('sha256').update(document).digest('hex')}`;
    const manifest = join(mkdtempSync(join(tmpdir(), 'rg-trusted-')), 'persisted-documents.json');
    writeFileSync(manifest, JSON.stringify({ [documentId]: document }));
    stack = await startStack({
      env: {
        NODE_ENV: 'production',
        TRUSTED_DOCUMENTS: manifest,
        SUBSCRIPTIONS_SUBSCRIBES_PER_MINUTE: '60',
      },
    });
  });
  afterAll(() => stack.close());

  it('runs a trusted document by id and refuses free text that is not listed', async () => {
    const socket = openSocket(stack.gateway.url);
    expect(await socket.outcome).toBe('ack');
    socket.send({ id: 'free', type: 'subscribe', payload: { query: RECORDING_SAVED } });
    socket.send({ id: 'listed', type: 'subscribe', payload: { documentId } });
    await pause(300);
    const refused = socket.messages.find((m) => m.id === 'free');
    expect(refused).toMatchObject({
      type: 'error',
      payload: [{ extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED' } }],
    });
    const saved = await stack.simulator.saveRecording();
    for (let i = 0; i < 50 && !socket.messages.some((m) => m.id === 'listed'); i += 1) {
      await pause(50);
    }
    expect(socket.messages.find((m) => m.id === 'listed')).toEqual({
      id: 'listed',
      type: 'next',
      payload: { data: { recordingSaved: { id: saved.id } } },
    });
    socket.socket.close();
  });

  it('gives no schema hints in validation errors', async () => {
    // The listed document id resolves; an unlisted, invalid one is refused before validation,
    // so the hint is checked on a gateway with the same production settings and no manifest.
    const open = await startStack({
      sharedSimulator: stack.simulator,
      env: { NODE_ENV: 'production' },
    });
    try {
      const socket = openSocket(open.gateway.url);
      expect(await socket.outcome).toBe('ack');
      socket.send({
        id: 'typo',
        type: 'subscribe',
        payload: { query: 'subscription { recordingSave { id } }' },
      });
      await pause(300);
      const error = socket.messages.find((m) => m.id === 'typo');
      expect(error?.type).toBe('error');
      // Development would add: Did you mean "recordingSaved"?
      expect(error?.payload).toEqual([
        expect.objectContaining({
          message: 'Cannot query field "recordingSave" on type "Subscription".',
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        }),
      ]);
      socket.socket.close();
    } finally {
      await open.close();
    }
  });

  it('answers variables that do not coerce on that subscription only, without hints', async () => {
    const open = await startStack({
      sharedSimulator: stack.simulator,
      env: { NODE_ENV: 'production' },
    });
    try {
      const socket = openSocket(open.gateway.url);
      expect(await socket.outcome).toBe('ack');
      socket.send({
        id: 'typo',
        type: 'subscribe',
        payload: {
          query: 'subscription ($f: RecordingSavedFilter) { recordingSaved(filter: $f) { id } }',
          variables: { f: { conferenceI: 'x' } },
        },
      });
      await pause(300);
      const error = socket.messages.find((m) => m.id === 'typo');
      expect(error?.type).toBe('error');
      expect(JSON.stringify(error?.payload)).toMatch(/BAD_USER_INPUT/);
      expect(JSON.stringify(error?.payload)).not.toMatch(/Did you mean/);
      expect(socket.socket.readyState).toBe(WebSocket.OPEN);

      const http = await postGraphQL(
        open.gateway.url,
        'query ($f: RecordingFilter) { recordings(filter: $f, first: 1) { totalCount } }',
        { f: { conferenceI: 'x' } },
      );
      expect(http.status).toBe(400);
      expect(http.errors?.[0]?.message).toMatch(/conferenceI/);
      expect(http.text).not.toMatch(/Did you mean/);
      socket.socket.close();
    } finally {
      await open.close();
    }
  });

  it('cuts off a flood of subscribe messages with 4429', async () => {
    const socket = openSocket(stack.gateway.url);
    expect(await socket.outcome).toBe('ack');
    for (let i = 0; i < 200; i += 1) {
      socket.send({ id: `flood-${i}`, type: 'subscribe', payload: { query: `{ x${i} }` } });
    }
    const closed = await socket.closed;
    expect(closed).toEqual({ code: 4429, reason: 'Too many subscribe messages' });
    // A tenth of a minute's share in a burst, then the socket is gone: far fewer answers than asks.
    expect(socket.messages.filter((m) => m.type === 'error').length).toBeLessThan(20);
    const health = await fetch(new URL('/health/live', stack.gateway.url));
    expect(health.status).toBe(200);
  });
});

describe('forwarded keys are proved once, at connect', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      serverKey: false,
      simulator: { apiKeys: [TEST_API_KEY, SECOND_KEY] },
    });
  });
  afterAll(() => stack.close());

  it('closes sockets whose made-up keys the provider refuses; an event then costs a handful of calls', async () => {
    const real = await subscribe<{ recordingSaved: { id: string } }>(
      stack.gateway.url,
      RECORDING_SAVED,
      {},
      { connectionParams: { authorization: `Bearer ${TEST_API_KEY}` } },
    );
    const madeUp = Array.from({ length: 60 }, (_, i) =>
      openSocket(stack.gateway.url, { authorization: `Bearer made-up-${i}` }),
    );
    const outcomes = await Promise.all(madeUp.map((socket) => socket.outcome));
    expect(outcomes.every((outcome) => outcome !== 'ack')).toBe(true);
    expect(outcomes[0]).toEqual({ code: 4403, reason: 'The API key was refused' });
    // Refused again without asking the provider: the refusal is remembered.
    stack.simulator.clearRequests();
    const again = openSocket(stack.gateway.url, { authorization: 'Bearer made-up-0' });
    expect(await again.outcome).toMatchObject({ code: 4403 });
    expect(stack.simulator.requests).toHaveLength(0);

    stack.simulator.clearRequests();
    const saved = await stack.simulator.saveRecording();
    await real.until(1);
    expect(real.results[0]?.data?.recordingSaved.id).toBe(saved.id);
    await pause(300);
    expect(stack.simulator.requests.length).toBeLessThanOrEqual(3);
    await real.close();
  });

  it('refuses a socket that brings no key at all', async () => {
    const socket = openSocket(stack.gateway.url);
    expect(await socket.outcome).toMatchObject({ code: 4401 });
  });

  it('refuses keys no provider issues without asking, and keys it cannot prove now', async () => {
    stack.simulator.clearRequests();
    const junk = await Promise.all(
      ['key\u0000x', '\u0100\u0101', 'a'.repeat(60_000)].map(
        (key) => openSocket(stack.gateway.url, { authorization: `Bearer ${key}` }).outcome,
      ),
    );
    expect(junk).toEqual(
      Array.from({ length: 3 }, () => ({ code: 4403, reason: 'The API key was refused' })),
    );
    expect(stack.simulator.requests).toHaveLength(0);

    stack.simulator.faults.add({ kind: 'status', status: 503 });
    try {
      // A real key, never proved before: the provider cannot say while it fails.
      const unproved = openSocket(stack.gateway.url, { authorization: `Bearer ${SECOND_KEY}` });
      expect(await unproved.outcome).toEqual({
        code: 1013,
        reason: 'The API key cannot be checked right now; try again later',
      });
    } finally {
      stack.simulator.faults.clear();
    }
  });
});

describe('per-client places when sockets go mid-handshake', () => {
  it('gives back the place of a socket that closed while its key was being proved', async () => {
    const stack = await startStack({
      serverKey: false,
      simulator: { latencyMs: 300 },
      env: { SUBSCRIPTIONS_PER_CLIENT: '2' },
    });
    try {
      const hasty = Array.from({ length: 6 }, () =>
        openSocket(stack.gateway.url, { authorization: `Bearer ${TEST_API_KEY}` }),
      );
      await pause(50);
      for (const socket of hasty) socket.socket.terminate();
      await pause(1000);
      const patient = [0, 1].map(() =>
        openSocket(stack.gateway.url, { authorization: `Bearer ${TEST_API_KEY}` }),
      );
      expect(await Promise.all(patient.map((socket) => socket.outcome))).toEqual(['ack', 'ack']);
      for (const socket of patient) socket.socket.close();
    } finally {
      await stack.close();
    }
  });
});
