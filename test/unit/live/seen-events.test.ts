import { SeenEvents } from '../../../src/live/seen-events';

describe('SeenEvents without Redis', () => {
  it('acts on an id once within the window, and again after it', async () => {
    let now = 0;
    const seen = new SeenEvents(600, null, () => now, 300);
    expect(await seen.firstTime('a')).toBe(true);
    now = 599_000;
    expect(await seen.firstTime('a')).toBe(false);
    now = 600_000 + 599_000;
    expect(await seen.firstTime('a')).toBe(true);
  });

  it('never forgets an id younger than the tolerance, however many arrive', async () => {
    let now = 0;
    const seen = new SeenEvents(86_400, null, () => now, 600);
    expect(await seen.firstTime('first')).toBe(true);
    // More ids than the memory bound, all within the tolerance of the first.
    for (let i = 0; i < 100_050; i += 1) {
      now = 1 + Math.floor(i / 1000);
      await seen.firstTime(`id-${i}`);
    }
    expect(await seen.firstTime('first')).toBe(false);
  });

  it('past the bound, forgets ids older than the tolerance first', async () => {
    let now = 0;
    const seen = new SeenEvents(86_400, null, () => now, 300);
    expect(await seen.firstTime('old')).toBe(true);
    now = 301_000;
    for (let i = 0; i < 100_000; i += 1) await seen.firstTime(`id-${i}`);
    // 'old' was past the tolerance and over the bound: gone. The rest are kept.
    expect(await seen.firstTime('old')).toBe(true);
    expect(await seen.firstTime('id-0')).toBe(false);
  });
});
