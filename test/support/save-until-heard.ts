import type { RunningSimulator } from '../../src/simulator/simulator-server';

/**
 * Saves a recording on the simulator every `everyMs` until `heard()` says a subscriber got one:
 * a client library does not tell when the server has registered its subscription. Returns the
 * ids saved, in order.
 */
export async function saveUntilHeard(
  simulator: RunningSimulator,
  heard: () => boolean,
  { everyMs = 250, timeoutMs = 10_000 } = {},
): Promise<string[]> {
  const saved: string[] = [];
  const deadline = Date.now() + timeoutMs;
  while (!heard()) {
    if (Date.now() > deadline) throw new Error(`no subscription event within ${timeoutMs} ms`);
    saved.push((await simulator.saveRecording()).id);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return saved;
}
