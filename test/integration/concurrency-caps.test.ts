import { postGraphQL } from '../support/graphql-client';
import { startStack } from '../support/start-stack';

const manyRecordings = (ids: readonly string[]) =>
  `{ ${ids.map((id, i) => `r${i}: recording(id: "${id}") { id }`).join(' ')} }`;

describe('upstream concurrency caps', () => {
  it('keeps one GraphQL request under its per-request cap', async () => {
    const stack = await startStack({
      env: { UPSTREAM_CONCURRENCY: '3' },
      simulator: { latencyMs: 20 },
    });
    try {
      const ids = stack.simulator.dataset.recordings.slice(0, 24).map((r) => r.id);
      stack.simulator.clearRequests();
      const response = await postGraphQL(stack.gateway.url, manyRecordings(ids));
      expect(response.errors).toBeUndefined();
      expect(stack.simulator.requests).toHaveLength(24);
      expect(stack.simulator.peakConcurrency).toBe(3);
    } finally {
      await stack.close();
    }
  });

  it('keeps the whole process under its cap across concurrent GraphQL requests', async () => {
    const stack = await startStack({
      // A fixed limit of 4: the adaptive limit held between equal bounds.
      env: {
        UPSTREAM_CONCURRENCY: '8',
        UPSTREAM_MIN_CONCURRENCY: '4',
        UPSTREAM_MAX_CONCURRENCY: '4',
      },

      simulator: { latencyMs: 20 },
    });
    try {
      const recordings = stack.simulator.dataset.recordings;
      stack.simulator.clearRequests();
      const responses = await Promise.all(
        [0, 1, 2].map((batch) =>
          postGraphQL(
            stack.gateway.url,
            manyRecordings(recordings.slice(batch * 10, batch * 10 + 10).map((r) => r.id)),
          ),
        ),
      );
      expect(responses.every((response) => response.errors === undefined)).toBe(true);
      expect(stack.simulator.requests).toHaveLength(30);
      expect(stack.simulator.peakConcurrency).toBe(4);
    } finally {
      await stack.close();
    }
  });

  it('loads a conference and its recordings at the same time, not one after the other', async () => {
    const stack = await startStack({ simulator: { latencyMs: 50 } });
    try {
      const id = stack.simulator.dataset.conferences[5]?.id ?? '';
      stack.simulator.clearRequests();
      const response = await postGraphQL(
        stack.gateway.url,
        'query ($id: ID!) { conference(id: $id) { name recordings(first: 10) { totalCount } } }',
        { id },
      );
      expect(response.errors).toBeUndefined();
      expect(stack.simulator.requests).toHaveLength(2);
      expect(stack.simulator.peakConcurrency).toBe(2);
    } finally {
      await stack.close();
    }
  });
});
