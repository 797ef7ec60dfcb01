import WebSocket from 'ws';
import { startIdentityProvider, type IdentityProvider } from '../support/identity-provider';
import { startStack, TEST_API_KEY, type Stack } from '../support/start-stack';
import { subscribe } from '../support/subscription-client';
import { callsByRoute } from '../support/upstream-calls';

interface SavedRecording {
  recordingSaved: {
    id: string;
    callLegId: string | null;
    conferenceId: string | null;
    durationMillis: number;
    transcription: { id: string } | null;
  };
}
interface SavedTranscription {
  transcriptionSaved: { id: string; text: string | null; recording: { id: string } | null };
}

const RECORDING_SAVED = `subscription ($filter: RecordingSavedFilter) {
  recordingSaved(filter: $filter) { id callLegId conferenceId durationMillis transcription { id } }
}`;
const TRANSCRIPTION_SAVED = `subscription ($recordingId: ID) {
  transcriptionSaved(recordingId: $recordingId) { id text recording { id } }
}`;

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('subscriptions over graphql-ws', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  const legs = () =>
    [
      ...new Set(stack.simulator.dataset.recordings.map((r) => r.call_leg_id).filter(Boolean)),
    ] as string[];

  it('sends each saved recording as the API serves it, filtered by call leg and conference', async () => {
    const [legA, legB] = legs();
    const conference = stack.simulator.dataset.conferences[0];
    if (!legA || !legB || !conference) throw new Error('seed data too small');
    const all = await subscribe<SavedRecording>(stack.gateway.url, RECORDING_SAVED);
    const onA = await subscribe<SavedRecording>(stack.gateway.url, RECORDING_SAVED, {
      filter: { callLegId: legA },
    });
    const inConference = await subscribe<SavedRecording>(stack.gateway.url, RECORDING_SAVED, {
      filter: { conferenceId: conference.id },
    });
    stack.simulator.clearRequests();
    const a = await stack.simulator.saveRecording({ call_leg_id: legA, duration_millis: 1234 });
    const b = await stack.simulator.saveRecording({ call_leg_id: legB });
    const c = await stack.simulator.saveRecording({
      call_leg_id: null,
      source: 'conference',
      conference_id: conference.id,
    });
    await all.until(3);
    await onA.until(1);
    await inConference.until(1);
    await settle();
    expect(all.results.map((r) => r.data?.recordingSaved.id)).toEqual([a.id, b.id, c.id]);
    expect(onA.results.map((r) => r.data?.recordingSaved)).toEqual([
      { id: a.id, callLegId: legA, conferenceId: null, durationMillis: 1234, transcription: null },
    ]);
    expect(inConference.results.map((r) => r.data?.recordingSaved.id)).toEqual([c.id]);
    // One read per recording for all three subscribers (one credential), plus the transcription
    // lookups the selection asks for.
    expect(callsByRoute(stack.simulator.requests)['GET /recordings/{id}']).toBe(3);
    await Promise.all([all.close(), onA.close(), inConference.close()]);
  });

  it('finds the recording by its call leg when the event has no recording_id', async () => {
    const [leg] = legs();
    const subscriber = await subscribe<SavedRecording>(stack.gateway.url, RECORDING_SAVED, {
      filter: { callLegId: leg },
    });
    const saved = await stack.simulator.saveRecording(
      { call_leg_id: leg },
      { omitRecordingId: true },
    );
    await subscriber.until(1);
    expect(subscriber.results[0]?.data?.recordingSaved.id).toBe(saved.id);
    await subscriber.close();
  });

  it('sends saved transcriptions, filtered by recording', async () => {
    const target = stack.simulator.addRecording();
    const mine = await subscribe<SavedTranscription>(stack.gateway.url, TRANSCRIPTION_SAVED, {
      recordingId: target.id,
    });
    await stack.simulator.saveTranscription(stack.simulator.dataset.recordings[5]?.id ?? '');
    const transcription = await stack.simulator.saveTranscription(target.id);
    await mine.until(1);
    await settle();
    expect(mine.results.map((r) => r.data?.transcriptionSaved)).toEqual([
      {
        id: transcription.id,
        text: transcription.transcription_text,
        recording: { id: target.id },
      },
    ]);
    await mine.close();
  });

  it('runs only subscriptions over the socket, and bounds subscriptions per connection', async () => {
    const query = await subscribe(stack.gateway.url, '{ recordings(first: 1) { totalCount } }');
    const refusal = (await query.failure) as { message?: string; extensions?: { code?: string } }[];
    expect(refusal[0]?.extensions?.code).toBe('BAD_REQUEST');
    await query.close();

    const limited = await startStack({ env: { SUBSCRIPTIONS_PER_CONNECTION: '2' } });
    try {
      const first = await subscribe(limited.gateway.url, RECORDING_SAVED);
      const errors: unknown[] = [];
      for (let extra = 0; extra < 2; extra += 1) {
        first.client.subscribe(
          { query: RECORDING_SAVED },
          {
            next: () => undefined,
            error: (error) => errors.push(error),
            complete: () => undefined,
          },
        );
      }
      await settle();
      expect(errors).toHaveLength(1);
      expect((errors[0] as { extensions?: { code?: string } }[])[0]?.extensions?.code).toBe(
        'BAD_REQUEST',
      );
      await first.close();
    } finally {
      await limited.close();
    }
  });

  it('refuses a browser origin that is not allowed', async () => {
    const production = await startStack({
      env: { NODE_ENV: 'production', CORS_ORIGINS: 'https://app.example.com', LOG_FORMAT: 'json' },
    });
    try {
      const status = await new Promise<number>((resolve) => {
        const socket = new WebSocket(
          production.gateway.url.href.replace('http', 'ws'),
          'graphql-transport-ws',
          {
            headers: { origin: 'https://evil.example' },
          },
        );
        socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.on('open', () => resolve(101));
      });
      expect(status).toBe(403);
      const allowed = await subscribe(
        production.gateway.url,
        RECORDING_SAVED,
        {},
        {
          headers: { origin: 'https://app.example.com' },
        },
      );
      await allowed.close();
    } finally {
      await production.close();
    }
  });

  it('closes open sockets with 1001 Going Away on a graceful stop', async () => {
    const own = await startStack();
    const subscriber = await subscribe(own.gateway.url, RECORDING_SAVED);
    await own.close();
    const closed = (await subscriber.failure) as { code?: number };
    expect(closed.code).toBe(1001);
  });
});

describe('subscribers in forwarding mode', () => {
  it('reads each event with each subscriber’s own key; a key the provider refuses is closed at connect', async () => {
    const stack = await startStack({ serverKey: false });
    try {
      const allowed = await subscribe<SavedRecording>(
        stack.gateway.url,
        RECORDING_SAVED,
        {},
        {
          headers: { authorization: `Bearer ${TEST_API_KEY}` },
        },
      );
      const stranger = await subscribe<SavedRecording>(
        stack.gateway.url,
        RECORDING_SAVED,
        {},
        {
          connectionParams: { authorization: 'Bearer another-tenant-key' },
        },
      );
      expect(((await stranger.failure) as { code?: number }).code).toBe(4403);
      stack.simulator.clearRequests();
      const saved = await stack.simulator.saveRecording();
      await allowed.until(1);
      await settle();
      expect(allowed.results[0]?.data?.recordingSaved.id).toBe(saved.id);
      expect(stranger.results).toHaveLength(0);
      // The reads of the key that was proved (the subscription selects the transcription); the
      // refused key costs nothing per event.
      expect(callsByRoute(stack.simulator.requests)).toEqual({
        'GET /recordings/{id}': 1,
        'GET /recording_transcriptions': 1,
      });
      await Promise.all([allowed.close(), stranger.close()]);
    } finally {
      await stack.close();
    }
  });
});

describe('subscribers with end-user auth', () => {
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

  it('needs a valid token to connect and recordings:read to subscribe', async () => {
    const anonymous = await subscribe(stack.gateway.url, RECORDING_SAVED);
    expect(((await anonymous.failure) as { code?: number }).code).toBe(4403);

    const deleteOnly = await subscribe(
      stack.gateway.url,
      RECORDING_SAVED,
      {},
      {
        connectionParams: { token: await identity.token({ scope: 'recordings:delete' }) },
      },
    );
    const refusal = (await deleteOnly.failure) as { extensions?: Record<string, unknown> }[];
    expect(refusal[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      requiredScopes: 'recordings:read',
    });

    const reader = await subscribe<SavedRecording>(
      stack.gateway.url,
      RECORDING_SAVED,
      {},
      {
        // The nested form Apollo Router sends.
        connectionParams: {
          connectionParams: { token: await identity.token({ scope: 'recordings:read' }) },
        },
      },
    );
    const saved = await stack.simulator.saveRecording();
    await reader.until(1);
    expect(reader.results[0]?.data?.recordingSaved.id).toBe(saved.id);
    await Promise.all([anonymous.close(), deleteOnly.close(), reader.close()]);
  });
});
