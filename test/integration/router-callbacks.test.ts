import { startCallbackListener, type CallbackListener } from '../support/callback-listener';
import { startIdentityProvider, type IdentityProvider } from '../support/identity-provider';
import { startStack, type Stack } from '../support/start-stack';

const ROUTER_SECRET = 'router-secret-7c1d';
const SUBSCRIPTION = 'subscription { recordingSaved { id from to downloadUrls { mp3 } } }';

interface Answer {
  readonly status: number;
  readonly body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

let sequence = 0;

/** A router-style subscription request: the callback extension, maybe the router's secret. */
async function ask(
  stack: Stack,
  callbackOrigin: string,
  options: {
    readonly secret?: string;
    readonly query?: string;
    readonly headers?: Record<string, string>;
    readonly heartbeatIntervalMs?: number;
  } = {},
): Promise<Answer & { readonly id: string }> {
  sequence += 1;
  const id = `sub-${sequence}`;
  const response = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json;callbackSpec=1.0',
      ...(options.secret ? { 'x-router-secret': options.secret } : {}),
      ...options.headers,
    },
    body: JSON.stringify({
      query: options.query ?? SUBSCRIPTION,
      extensions: {
        subscription: {
          callbackUrl: `${callbackOrigin}/callback/${id}`,
          subscriptionId: id,
          verifier: `verifier-${id}`,
          heartbeatIntervalMs: options.heartbeatIntervalMs ?? 0,
        },
      },
    }),
  });
  return { id, status: response.status, body: (await response.json()) as Answer['body'] };
}

const codes = (answer: Answer) => (answer.body.errors ?? []).map((e) => e.extensions?.code);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the router’s subscription callbacks', () => {
  let listener: CallbackListener;
  let stack: Stack;
  beforeAll(async () => {
    listener = await startCallbackListener();
    stack = await startStack({
      env: {
        ROUTER_SECRET,
        SUBSCRIPTION_CALLBACK_ORIGINS: listener.origin,
        SUBSCRIPTION_CALLBACK_MAX: '3',
        GRAPHQL_MAX_COST: '50',
      },
    });
  });
  afterAll(async () => {
    await stack.close();
    await listener.close();
  });
  beforeEach(() => {
    listener.received.length = 0;
  });

  it('serves the router (secret, allowed origin): check first, then each event', async () => {
    const answer = await ask(stack, listener.origin, { secret: ROUTER_SECRET });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: null });
    expect(listener.received[0]).toMatchObject({ action: 'check', id: answer.id });
    const saved = await stack.simulator.saveRecording();
    const next = await listener.until((m) => m.action === 'next' && m.id === answer.id);
    expect(next.payload?.data).toMatchObject({ recordingSaved: { id: saved.id } });
    const metrics = await (await fetch(new URL('/metrics', stack.gateway.url))).text();
    expect(metrics).toMatch(/graphql_subscriptions_active\{transport="callback"\} 1/);
  });

  it('sends nothing to any callback URL for a caller without the router secret', async () => {
    const anonymous = await ask(stack, listener.origin);
    const wrongSecret = await ask(stack, listener.origin, { secret: 'guess' });
    expect([anonymous.status, wrongSecret.status]).toEqual([403, 403]);
    expect([...codes(anonymous), ...codes(wrongSecret)]).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    await stack.simulator.saveRecording();
    await pause(500);
    expect(
      listener.received.filter((m) => m.id === anonymous.id || m.id === wrongSecret.id),
    ).toEqual([]);
  });

  it('sends nothing for a refused operation, even with the secret', async () => {
    const tooCostly = await ask(stack, listener.origin, {
      secret: ROUTER_SECRET,
      query:
        'subscription { recordingSaved { id conference { participants(first: 100) { edges { node { id } } } } } }',
    });
    const invalid = await ask(stack, listener.origin, {
      secret: ROUTER_SECRET,
      query: 'subscription { recordingSaved { nope } }',
    });
    expect(tooCostly.status).toBe(400);
    expect(codes(tooCostly)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(invalid.status).toBe(400);
    await stack.simulator.saveRecording();
    await pause(500);
    expect(listener.received.filter((m) => m.id === tooCostly.id || m.id === invalid.id)).toEqual(
      [],
    );
  });

  it('calls back only to the allowed origins, and never with a tiny heartbeat', async () => {
    const elsewhere = await startCallbackListener();
    try {
      const refused = await ask(stack, elsewhere.origin, { secret: ROUTER_SECRET });
      expect(refused.status).toBe(403);
      expect(codes(refused)).toEqual(['FORBIDDEN']);
      const flood = await ask(stack, listener.origin, {
        secret: ROUTER_SECRET,
        heartbeatIntervalMs: 1,
      });
      expect(flood.status).toBe(400);
      expect(codes(flood)).toEqual(['BAD_USER_INPUT']);
      await pause(300);
      expect(elsewhere.received).toEqual([]);
      expect(listener.received.filter((m) => m.id === flood.id)).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  it('answers an unreachable callback fast, in words that tell no port from another', async () => {
    // A port on an allowed host that nobody listens on: the origin list names the listener only,
    // so this is checked on a gateway that allows both.
    const closedPort = await startCallbackListener();
    const closedOrigin = closedPort.origin;
    await closedPort.close();
    const other = await startStack({
      sharedSimulator: stack.simulator,
      env: {
        ROUTER_SECRET,
        SUBSCRIPTION_CALLBACK_ORIGINS: `${closedOrigin},${listener.origin}`,
      },
    });
    try {
      const started = Date.now();
      const closed = await ask(other, closedOrigin, { secret: ROUTER_SECRET });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(closed.status).toBe(400);
      expect(closed.body.errors?.[0]?.message).toBe(
        'The callback URL did not accept the subscription.',
      );
      expect(closed.body.errors?.[0]?.message).not.toMatch(/ECONNREFUSED|fetch failed|port/i);
    } finally {
      await other.close();
    }
  });

  it('bounds how many callback subscriptions run', async () => {
    // SUBSCRIPTION_CALLBACK_MAX is 3, and the first test holds one.
    const answers = [];
    for (let i = 0; i < 4; i += 1) {
      answers.push(await ask(stack, listener.origin, { secret: ROUTER_SECRET }));
    }
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(2);
    expect(statuses).toContain(503);
    expect(answers.filter((a) => a.status === 503).flatMap(codes)).toContain('OVERLOADED');
  });

  it('lets a subscription go when the router answers 404 for it', async () => {
    const local = await startCallbackListener();
    const other = await startStack({
      env: { ROUTER_SECRET, SUBSCRIPTION_CALLBACK_ORIGINS: local.origin },
    });
    try {
      const answer = await ask(other, local.origin, { secret: ROUTER_SECRET });
      expect(answer.status).toBe(200);
      local.forget();
      await other.simulator.saveRecording();
      await local.until((m) => m.action === 'next');
      const metrics = async () =>
        (await (await fetch(new URL('/metrics', other.gateway.url))).text()).match(
          /graphql_subscriptions_active\{transport="callback"\} (\d+)/,
        )?.[1];
      for (let i = 0; i < 20 && (await metrics()) !== '0'; i += 1) await pause(100);
      expect(await metrics()).toBe('0');
    } finally {
      await other.close();
      await local.close();
    }
  });

  it('refuses subscriptions over HTTP without the callback protocol, pointing to WebSocket', async () => {
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: SUBSCRIPTION }),
    });
    const body = (await response.json()) as Answer['body'];
    expect(response.status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/WebSocket/);
  });
});

describe('callbacks are off without ROUTER_SECRET', () => {
  it('refuses the callback extension and calls nobody', async () => {
    const listener = await startCallbackListener();
    const stack = await startStack();
    try {
      const answer = await ask(stack, listener.origin, { secret: ROUTER_SECRET });
      expect(answer.status).toBe(403);
      await stack.simulator.saveRecording();
      await pause(300);
      expect(listener.received).toEqual([]);
    } finally {
      await stack.close();
      await listener.close();
    }
  });
});

describe('callbacks with end users', () => {
  let identity: IdentityProvider;
  let listener: CallbackListener;
  let stack: Stack;
  beforeAll(async () => {
    identity = await startIdentityProvider();
    listener = await startCallbackListener();
    stack = await startStack({
      env: {
        ...identity.env,
        AUTH_DISABLED: 'false',
        ROUTER_SECRET,
        SUBSCRIPTION_CALLBACK_ORIGINS: listener.origin,
      },
    });
  });
  afterAll(async () => {
    await stack.close();
    await listener.close();
    await identity.stop();
  });

  it('a signed-in user without the router secret causes no callback', async () => {
    const token = await identity.token({ scope: 'recordings:read' });
    const answer = await ask(stack, listener.origin, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(answer.status).toBe(403);
    await stack.simulator.saveRecording();
    await pause(300);
    expect(listener.received).toEqual([]);
  });

  it('the router without a user’s token causes no callback', async () => {
    const answer = await ask(stack, listener.origin, { secret: ROUTER_SECRET });
    expect(answer.status).toBe(401);
    expect(codes(answer)).toEqual(['UNAUTHENTICATED']);
    await pause(200);
    expect(listener.received).toEqual([]);
  });

  it('ends the subscription once the user’s token expires, delivering nothing after', async () => {
    const token = await identity.token({ scope: 'recordings:read', expiresIn: 2 });
    const answer = await ask(stack, listener.origin, {
      secret: ROUTER_SECRET,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(answer.status).toBe(200);
    const first = await stack.simulator.saveRecording();
    const next = await listener.until((m) => m.action === 'next' && m.id === answer.id);
    expect(next.payload?.data).toMatchObject({ recordingSaved: { id: first.id } });
    await pause(2500);
    await stack.simulator.saveRecording();
    const complete = await listener.until((m) => m.action === 'complete' && m.id === answer.id);
    expect(complete.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect(listener.received.filter((m) => m.action === 'next' && m.id === answer.id)).toHaveLength(
      1,
    );
  });
});
