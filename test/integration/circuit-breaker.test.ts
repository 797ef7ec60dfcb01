import { setTimeout as sleep } from 'node:timers/promises';
import { RecordingByIdDocument } from '../operations/generated';
import { errorCodes, execute } from '../support/graphql-client';
import { startStack, type Stack } from '../support/start-stack';

describe('circuit breaker', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: {
        UPSTREAM_RETRIES: '0',
        // Three calls in the three-second window are enough to judge; half failing opens it.
        UPSTREAM_BREAKER_MIN_RPS: '1',
        UPSTREAM_BREAKER_WINDOW_MS: '3000',
        UPSTREAM_BREAKER_HALF_OPEN_MS: '300',
      },
    });
  });
  afterAll(() => stack.close());

  const read = (index: number) =>
    execute(stack.gateway.url, RecordingByIdDocument, {
      id: stack.simulator.dataset.recordings[index]?.id ?? '',
    });

  it('opens when most calls fail by the upstream’s fault, fails fast while open, and closes after a good probe', async () => {
    stack.simulator.faults.add({ kind: 'status', status: 503 });
    for (const index of [0, 1, 2]) {
      expect(errorCodes(await read(index))).toEqual(['UPSTREAM_ERROR']);
    }

    stack.simulator.clearRequests();
    const whileOpen = await read(3);
    expect(errorCodes(whileOpen)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(whileOpen.errors?.[0]?.message).toContain('circuit open');
    expect(stack.simulator.requests).toHaveLength(0);
    expect(stack.logs.some((line) => line.includes('upstream circuit opened'))).toBe(true);
    const ready = await fetch(new URL('/health/ready', stack.gateway.url));
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ checks: { breaker: 'open' } });
    const metrics = await fetch(new URL('/metrics', stack.gateway.url)).then((r) => r.text());
    expect(metrics).toMatch(/upstream_circuit_state 2/);

    stack.simulator.faults.clear();
    await sleep(350);
    const probe = await read(4);
    const after = await read(5);
    expect(probe.errors).toBeUndefined();
    expect(after.errors).toBeUndefined();
    const reads = stack.simulator.requests.filter((r) => r.route === 'GET /recordings/{id}');
    expect(reads).toHaveLength(2);
    expect(stack.logs.some((line) => line.includes('upstream circuit closed'))).toBe(true);
  });

  it('does not count answers about the request (404, 4xx) as faults', async () => {
    for (let i = 0; i < 5; i += 1) {
      const response = await execute(stack.gateway.url, RecordingByIdDocument, {
        id: `missing-${i}`,
      });
      expect(response.errors).toBeUndefined();
    }
    expect(errorCodes(await read(6))).toEqual([]);
  });
});
