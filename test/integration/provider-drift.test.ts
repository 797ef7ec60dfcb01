import { errorCodes, postGraphQL } from '../support/graphql-client';
import { startStack, TEST_API_KEY, type Stack } from '../support/start-stack';

interface Node {
  id: string;
  createdAt: string;
  status: string | null;
  channels: string | null;
  source: string | null;
  recordingEndedAt: string | null;
  durationMillis: number | null;
  downloadUrls: { mp3: string | null } | null;
}

const PAGE = `query ($first: Int, $after: String) {
  recordings(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id createdAt status channels source recordingEndedAt durationMillis downloadUrls { mp3 } }
  }
}`;

interface PageAnswer {
  recordings: {
    totalCount: number | null;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: (Node | null)[];
  } | null;
}

describe('a provider that drifts the way real APIs do', () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack({ env: { LOG_LEVEL: 'debug' } });
  });
  afterEach(() => stack.close());

  const rows = () => stack.simulator.dataset.recordings;
  const id = (index: number) => rows()[index]?.id ?? '';

  it('answers a 20-row page with three drifted rows and one broken row: 19 nodes, one null node with one error at its path', async () => {
    stack.simulator.patchRecording(id(2), {
      status: 'processing',
      channels: 'stereo',
      source: 'texml',
    });
    // In progress: not ended, no duration, no files yet.
    stack.simulator.patchRecording(id(5), {
      recording_ended_at: null,
      duration_millis: undefined,
      download_urls: undefined,
    });
    stack.simulator.patchRecording(id(9), { updated_at: undefined, channels: undefined });
    stack.simulator.patchRecording(id(14), { id: undefined });
    // A broken row the client did not ask for (the gateway may read past the window): no error.
    stack.simulator.patchRecording(id(21), { id: undefined });

    const response = await postGraphQL<PageAnswer>(stack.gateway.url, PAGE, { first: 20 });

    const nodes = response.data?.recordings?.nodes ?? [];
    expect(nodes).toHaveLength(20);
    expect(nodes.filter((node) => node !== null)).toHaveLength(19);
    expect(nodes[14]).toBeNull();
    expect(nodes[2]).toMatchObject({ status: 'UNKNOWN', channels: 'UNKNOWN', source: 'UNKNOWN' });
    expect(nodes[5]).toMatchObject({
      status: 'COMPLETED',
      recordingEndedAt: null,
      durationMillis: null,
      downloadUrls: null,
    });
    expect(nodes[9]).toMatchObject({ channels: null });
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0]?.path).toEqual(['recordings', 'nodes', 14]);
    expect(response.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_BAD_RESPONSE');
    expect(response.errors?.[0]?.message).toContain('id is missing');
    expect(response.data?.recordings?.totalCount).toBe(300);

    // The drift is counted, and logged with the field path (and the row's id).
    const metrics = await (await fetch(new URL('/metrics', stack.gateway.url))).text();
    expect(metrics).toMatch(
      /upstream_drift_total\{resource="recording",field="status",kind="unknown_value",value="processing"\} 1/,
    );
    const logged = stack.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({
        drift: 'unknown_value',
        field: 'source',
        detail: 'texml',
        rowId: id(2),
      }),
    );
  });

  it('reads a single recording whose odd field is not even selected', async () => {
    stack.simulator.patchRecording(id(0), { status: 'processing', duration_millis: 'long' });
    const response = await postGraphQL(stack.gateway.url, `{ recording(id: "${id(0)}") { id } }`);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ recording: { id: id(0) } });
  });

  it('keeps timestamps at full precision, so a row’s createdAt used as a bound includes that row', async () => {
    const createdAt = rows()[7]?.created_at ?? '';
    expect(createdAt).toMatch(/\.\d{6}Z$/);
    const response = await postGraphQL<{
      recording: { createdAt: string };
      recordings: { nodes: { id: string }[] };
    }>(
      stack.gateway.url,
      'query ($id: ID!, $before: DateTime) { recording(id: $id) { createdAt } recordings(first: 1, filter: { createdBefore: $before }) { nodes { id } } }',
      { id: id(7), before: createdAt },
    );
    expect(response.data?.recording.createdAt).toBe(createdAt);
    expect(response.data?.recordings.nodes[0]?.id).toBe(id(7));
  });

  it('coerces numbers sent as strings, numeric ids, offsets without a colon, lowercase t/z and missing offsets', async () => {
    stack.simulator.patchRecording(id(3), {
      duration_millis: '61000',
      conference_id: 12345,
      created_at: '2026-11-20t14:00:00.123456+0200',
      updated_at: '2026-11-20T12:00:01.5',
      record_type: 'RECORDING',
    });
    const response = await postGraphQL<{ recording: Record<string, unknown> }>(
      stack.gateway.url,
      `{ recording(id: "${id(3)}") { durationMillis conferenceId createdAt updatedAt } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.recording).toEqual({
      durationMillis: 61000,
      conferenceId: '12345',
      createdAt: '2026-11-20T12:00:00.123456Z',
      updatedAt: '2026-11-20T12:00:01.5Z',
    });
    const metrics = await (await fetch(new URL('/metrics', stack.gateway.url))).text();
    expect(metrics).toMatch(/upstream_drift_total\{[^}]*kind="offsetless_timestamp"[^}]*\} 1/);
  });

  it('reads a conference with a status and an end reason newer than this gateway', async () => {
    const conference = stack.simulator.dataset.conferences[5];
    if (!conference) throw new Error('no conference');
    Object.assign(conference, { status: 'archived', end_reason: 'moderator_ended' });
    const response = await postGraphQL(
      stack.gateway.url,
      `{ conference(id: "${conference.id}") { id status endReason } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      conference: { id: conference.id, status: 'UNKNOWN', endReason: 'UNKNOWN' },
    });
  });

  it('pages through every row of a provider that caps page[size]', async () => {
    stack.simulator.drift.pageSizeCap = 40;
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const response: { data?: PageAnswer | null } = await postGraphQL<PageAnswer>(
        stack.gateway.url,
        PAGE,
        { first: 100, after },
      );
      const connection = response.data?.recordings;
      if (!connection) throw new Error('no page');
      seen.push(...connection.nodes.map((node) => node?.id ?? 'null'));
      if (!connection.pageInfo.hasNextPage) break;
      expect(connection.pageInfo.endCursor).not.toBeNull();
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(rows().map((row) => row.id));
  });

  it.each([
    ['cursor-style meta', { cursorMeta: true }],
    ['no total_results', { omitTotalResults: true }],
  ])('pages through every row with %s, totalCount null where it is not known', async (_, drift) => {
    Object.assign(stack.simulator.drift, drift);
    const seen: string[] = [];
    let after: string | null = null;
    let totalCount: number | null | undefined;
    for (let page = 0; page < 10; page += 1) {
      const response: { data?: PageAnswer | null } = await postGraphQL<PageAnswer>(
        stack.gateway.url,
        PAGE,
        { first: 100, after },
      );
      const connection = response.data?.recordings;
      if (!connection) throw new Error('no page');
      totalCount ??= connection.totalCount;
      seen.push(...connection.nodes.map((node) => node?.id ?? 'null'));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(rows().map((row) => row.id));
    if ('cursorMeta' in drift) expect(totalCount).toBeNull();
  });

  it('reads a 404 without the provider’s error envelope as an upstream error, not "not found"', async () => {
    stack.simulator.drift.htmlNotFound = true;
    const response = await postGraphQL(stack.gateway.url, '{ recording(id: "no-such-id") { id } }');
    expect(response.data).toEqual({ recording: null });
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_ERROR',
      upstreamStatus: 404,
    });
  });

  it.each(['no_content', 'garbage'] as const)(
    'reports a delete answered with %s as done, and forgets the recording',
    async (deleteAnswer) => {
      const withCache = await startStack({ env: { CACHE_TTL_SECONDS: '60' } });
      try {
        withCache.simulator.drift.deleteAnswer = deleteAnswer;
        const target = withCache.simulator.dataset.recordings[4]?.id ?? '';
        await postGraphQL(withCache.gateway.url, `{ recording(id: "${target}") { id } }`);
        const deleted = await postGraphQL(
          withCache.gateway.url,
          `mutation { deleteRecording(id: "${target}") { id } }`,
        );
        expect(deleted.errors).toBeUndefined();
        expect(deleted.data).toEqual({ deleteRecording: null });
        const after = await postGraphQL(
          withCache.gateway.url,
          `{ recording(id: "${target}") { id } }`,
        );
        expect(after.data).toEqual({ recording: null });
      } finally {
        await withCache.close();
      }
    },
  );
});

describe('whose credential failed', () => {
  it('answers UPSTREAM_AUTH_FAILED when the provider revokes the server key, and turns readiness 503', async () => {
    const stack = await startStack();
    try {
      stack.simulator.revokeApiKey(TEST_API_KEY);
      const response = await postGraphQL(
        stack.gateway.url,
        '{ recordings(first: 1) { totalCount } }',
      );
      expect(errorCodes(response)).toEqual(['UPSTREAM_AUTH_FAILED']);
      expect(response.errors?.[0]?.message).not.toMatch(/check the API key/);
      const ready = await fetch(new URL('/health/ready', stack.gateway.url));
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ checks: { upstream: 'auth_failed' } });
      const logged = stack.logs.map((line) => JSON.parse(line) as { level: number; msg: string });
      expect(logged).toContainEqual(
        expect.objectContaining({ level: 50, msg: 'the upstream refused the server API key' }),
      );
    } finally {
      await stack.close();
    }
  });

  it('stops serving a revoked client key from the cache once the provider refuses it', async () => {
    const revoked = 'tenant-key-soon-revoked';
    const stack = await startStack({
      serverKey: false,
      env: { CACHE_TTL_SECONDS: '60', CACHE_MUTABLE_TTL_SECONDS: '60' },
      simulator: { apiKeys: [TEST_API_KEY, revoked] },
    });
    try {
      const as = { headers: { authorization: `Bearer ${revoked}` } };
      const recording = stack.simulator.dataset.recordings[0]?.id ?? '';
      const read = `{ recording(id: "${recording}") { id downloadUrls { mp3 } } }`;
      expect((await postGraphQL(stack.gateway.url, read, {}, as)).errors).toBeUndefined();
      stack.simulator.revokeApiKey(revoked);
      // Any call that reaches the provider learns of the revocation...
      const list = await postGraphQL(
        stack.gateway.url,
        '{ recordings(first: 1) { totalCount } }',
        {},
        as,
      );
      expect(errorCodes(list)).toEqual(['UNAUTHENTICATED']);
      // ...and the cached recording (download URLs included) is gone with it.
      stack.simulator.clearRequests();
      const again = await postGraphQL(stack.gateway.url, read, {}, as);
      expect(errorCodes(again)).toEqual(['UNAUTHENTICATED']);
      expect(stack.simulator.requests).toHaveLength(1);
    } finally {
      await stack.close();
    }
  });
});
