import { RecordingByIdDocument, RecordingsWithConferencesDocument } from '../operations/generated';
import { execute, postGraphQL } from '../support/graphql-client';
import { startStack, TEST_API_KEY } from '../support/start-stack';

describe('secrets in logs and errors', () => {
  it('never writes API keys, client tokens or pre-signed URLs to logs or error responses', async () => {
    const stack = await startStack({
      serverKey: false,
      env: {
        UPSTREAM_BREAKER_MIN_RPS: '2',
        UPSTREAM_BREAKER_WINDOW_MS: '4000',
        UPSTREAM_RETRIES: '1',
        UPSTREAM_TIMEOUT_MS: '200',
      },
    });
    const clientToken = 'client-token-Zq81';
    const asClient = { headers: { authorization: `Bearer ${TEST_API_KEY}` } };
    try {
      const responses: string[] = [];
      const signatures = stack.simulator.dataset.recordings
        .slice(0, 50)
        .map((r) => new URL(r.download_urls.mp3).searchParams.get('X-Amz-Signature') ?? '');

      // Reads that return download URLs, failures of every kind, a rejected token, an open breaker.
      responses.push(
        (
          await execute(
            stack.gateway.url,
            RecordingsWithConferencesDocument,
            { first: 50 },
            asClient,
          )
        ).text,
      );
      for (const kind of ['garbage', 'truncate', 'invalid', 'reset', 'hang'] as const) {
        stack.simulator.faults.add({ kind, times: 2 });
        const id = stack.simulator.dataset.recordings[0]?.id ?? '';
        responses.push(
          (await execute(stack.gateway.url, RecordingByIdDocument, { id }, asClient)).text,
        );
        stack.simulator.faults.clear();
      }
      stack.simulator.faults.add({ kind: 'status', status: 503 });
      for (let i = 0; i < 20; i += 1) {
        const id = stack.simulator.dataset.recordings[i]?.id ?? '';
        responses.push(
          (await execute(stack.gateway.url, RecordingByIdDocument, { id }, asClient)).text,
        );
      }
      stack.simulator.faults.clear();
      responses.push(
        (
          await postGraphQL(
            stack.gateway.url,
            '{ recordings(first: 1) { totalCount } }',
            {},
            {
              headers: { authorization: `Bearer ${clientToken}` },
            },
          )
        ).text,
      );

      const logs = stack.logs.join('');
      expect(stack.logs.length).toBeGreaterThan(5);
      expect(logs).toContain('upstream circuit opened');
      for (const secret of [TEST_API_KEY, clientToken]) {
        expect(logs).not.toContain(secret);
        for (const text of responses) expect(text).not.toContain(secret);
      }
      for (const signature of signatures) {
        expect(signature.length).toBeGreaterThan(10);
        expect(logs).not.toContain(signature);
      }
    } finally {
      await stack.close();
    }
  });
});
