import {
  generateWebhookKeys,
  signWebhook,
  webhookEnvelope,
} from '../../src/simulator/webhook-sender';
import { postGraphQL } from '../support/graphql-client';
import { startStack, type Stack } from '../support/start-stack';
import { subscribe } from '../support/subscription-client';
import { callsByRoute } from '../support/upstream-calls';

const SAVED = 'subscription { recordingSaved { id durationMillis } }';

describe('POST /webhooks', () => {
  let stack: Stack;
  let webhooks: URL;
  beforeAll(async () => {
    stack = await startStack();
    webhooks = new URL('/webhooks', stack.gateway.url);
  });
  afterAll(() => stack.close());

  const deliver = (body: string, headers: Record<string, string>) =>
    fetch(webhooks, { method: 'POST', headers, body });
  const savedEvent = (recordingId: string, id?: string) =>
    webhookEnvelope(
      'call.recording.saved',
      { recording_id: recordingId, call_leg_id: null },
      webhooks.href,
      id,
    );
  const signed = (body: string, timestamp?: number) =>
    signWebhook(stack.simulator.webhooks.keys.privateKey, body, timestamp);

  it('acts on a valid event once, and refuses every delivery that is not the provider’s', async () => {
    const subscriber = await subscribe<{ recordingSaved: { id: string } }>(
      stack.gateway.url,
      SAVED,
    );
    const recording = stack.simulator.addRecording();
    const body = savedEvent(recording.id);
    // A minute past the 300 s tolerance either way: a slow run must not bring "future" back in.
    const now = Math.floor(Date.now() / 1000);

    const stranger = generateWebhookKeys();
    const cases: [string, Promise<Response>, number][] = [
      ['forged', deliver(body, signWebhook(stranger.privateKey, body)), 401],
      ['stale', deliver(body, signed(body, now - 360)), 401],
      ['future', deliver(body, signed(body, now + 360)), 401],
      [
        'tampered',
        deliver(body.replace(recording.id, 'x' + recording.id.slice(1)), signed(body)),
        401,
      ],
      ['unsigned', deliver(body, { 'content-type': 'application/json' }), 401],
      [
        'malformed signature',
        deliver(body, { ...signed(body), 'telnyx-signature-ed25519': 'not base64 at all' }),
        401,
      ],
      ['not JSON', deliver('{"data":', signed('{"data":')), 400],
      ['not the envelope', deliver('{"event":"x"}', signed('{"event":"x"}')), 400],
      [
        'oversized',
        deliver(`{"pad":"${'x'.repeat(70_000)}"}`, signed(`{"pad":"${'x'.repeat(70_000)}"}`)),
        413,
      ],
    ];
    for (const [name, response, status] of cases) {
      expect([name, (await response).status]).toEqual([name, status]);
    }
    // Nothing above reached a subscriber; the valid delivery does, once, redelivered or not.
    expect(subscriber.results).toHaveLength(0);
    const first = await deliver(body, signed(body));
    expect(first.status).toBe(200);
    const again = await deliver(body, signed(body));
    expect(again.status).toBe(200);
    await subscriber.until(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(subscriber.results.map((result) => result.data?.recordingSaved.id)).toEqual([
      recording.id,
    ]);
    const metrics = await (await fetch(new URL('/metrics', stack.gateway.url))).text();
    expect(metrics).toMatch(
      /webhook_events_total\{type="call.recording.saved",outcome="accepted"\} 1/,
    );
    expect(metrics).toMatch(
      /webhook_events_total\{type="call.recording.saved",outcome="duplicate"\} 1/,
    );
    expect(metrics).toMatch(/webhook_events_total\{type="unknown",outcome="forged"\} 3/);
    expect(metrics).toMatch(/webhook_events_total\{type="unknown",outcome="stale"\} 2/);
    // Logs name the event, never the body's URLs.
    expect(stack.logs.join('\n')).not.toContain('X-Amz-Signature');
    await subscriber.close();
  });

  it('answers 200 to event types it does not act on, and ignores them', async () => {
    const body = webhookEnvelope('call.hangup', { call_leg_id: 'x' }, webhooks.href);
    const response = await deliver(body, signed(body));
    expect(response.status).toBe(200);
    const metrics = await (await fetch(new URL('/metrics', stack.gateway.url))).text();
    expect(metrics).toMatch(/webhook_events_total\{type="other",outcome="ignored"\} 1/);
  });

  it('sits outside CORS: no Access-Control-Allow-Origin, preflight not answered', async () => {
    const preflight = await fetch(webhooks, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('cache freshness after an event', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { CACHE_TTL_SECONDS: '60', CACHE_MUTABLE_TTL_SECONDS: '60' } });
  });
  afterAll(() => stack.close());

  const firstIds = async () => {
    const response = await postGraphQL<{ recordings: { nodes: { id: string }[] } }>(
      stack.gateway.url,
      '{ recordings(first: 3) { nodes { id } } }',
    );
    return response.data?.recordings.nodes.map((node) => node.id) ?? [];
  };
  const duration = async (id: string) => {
    const response = await postGraphQL<{ recording: { durationMillis: number } }>(
      stack.gateway.url,
      'query ($id: ID!) { recording(id: $id) { durationMillis } }',
      { id },
    );
    return response.data?.recording.durationMillis;
  };

  it('lists and reads the saved recording at once, for every credential, not after the TTL', async () => {
    const before = await firstIds();
    const known = stack.simulator.dataset.recordings[10];
    if (!known) throw new Error('no recording');
    const original = await duration(known.id);
    // Changed upstream without an event: the cache still answers (that is what it is for).
    stack.simulator.patchRecording(known.id, { duration_millis: 4242 });
    const arrived = stack.simulator.addRecording();
    stack.simulator.clearRequests();
    expect(await firstIds()).toEqual(before);
    expect(await duration(known.id)).toBe(original);
    expect(stack.simulator.requests).toHaveLength(0);

    // The provider says so: the next reads go upstream and see both changes.
    await stack.simulator.webhooks.send('call.recording.saved', {
      recording_id: arrived.id,
      call_leg_id: arrived.call_leg_id,
    });
    await stack.simulator.webhooks.send('call.recording.saved', { recording_id: known.id });
    expect((await firstIds())[0]).toBe(arrived.id);
    expect(await duration(known.id)).toBe(4242);
    expect(callsByRoute(stack.simulator.requests)).toEqual({
      'GET /recordings': 1,
      'GET /recordings/{id}': 1,
    });
  });
});
