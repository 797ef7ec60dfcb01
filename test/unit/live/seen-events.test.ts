import { createLogger } from '../../../src/observability/logger';
import { connectRedis } from '../../../src/redis/redis-connection';
import { SeenEvents } from '../../../src/live/seen-events';
import { describeWithRedis, startRedis } from '../../support/redis-server';

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

const withRedis = describeWithRedis();

withRedis('SeenEvents with Redis', () => {
  it('counts ids other replicas saw as seen, and never takes a restarted Redis’s word over its own memory', async () => {
    let redis = await startRedis();
    const logger = createLogger({ level: 'silent' });
    const connection = connectRedis({ kind: 'single', url: redis.url }, logger);
    const other = connectRedis({ kind: 'single', url: redis.url }, logger);
    try {
      await Promise.all([connection.waitUntilReady(5000), other.waitUntilReady(5000)]);
      const here = new SeenEvents(600, connection);
      const elsewhere = new SeenEvents(600, other);
      expect(await here.firstTime('event-1')).toBe(true);
      expect(await elsewhere.firstTime('event-1')).toBe(false);

      // Redis comes back empty: it would call the retry new; this replica remembers it.
      const port = Number(redis.url.port);
      await redis.stop();
      redis = await startRedis(port);
      expect(await connection.waitUntilReady(5000)).toBe(true);
      for (let i = 0; i < 50 && !connection.available(); i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(connection.available()).toBe(true);
      expect(await here.firstTime('event-1')).toBe(false);
      expect(await here.firstTime('event-2')).toBe(true);
    } finally {
      await connection.close();
      await other.close();
      await redis.stop();
    }
  }, 20_000);
});
