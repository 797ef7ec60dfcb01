import type { RedisClient, RedisConnection } from '../redis/redis-connection';
import type { LiveRecord } from './live-event';

/**
 * The one Redis key of live events. The hash tag keeps it (and anything added beside it) in one
 * slot of a cluster; only single-key stream commands are used on it.
 */
export const STREAM_KEY = '{rg-live}:events';

/** How long one read waits for new entries: under the connection's command timeout. */
const BLOCK_MS = 150;
const READ_COUNT = 500;
/** How far before its start a replica reads the stream from. */
const START_MARGIN_MS = 5000;

export interface StreamEntry {
  readonly id: string;
  readonly record: LiveRecord;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** One stream entry as node-redis returns it (`{ id, message }`), or null if it is not ours. */
function entryOf(raw: unknown): StreamEntry | null {
  if (!isObject(raw) || typeof raw['id'] !== 'string' || !isObject(raw['message'])) return null;
  const body = raw['message']['r'];
  if (typeof body !== 'string') return null;
  try {
    const record = JSON.parse(body) as unknown;
    if (
      !isObject(record) ||
      typeof record['origin'] !== 'string' ||
      typeof record['receivedAt'] !== 'number' ||
      !isObject(record['event']) ||
      typeof record['event']['eventId'] !== 'string'
    ) {
      return null;
    }
    return { id: raw['id'], record: record as unknown as LiveRecord };
  } catch {
    return null;
  }
}

function entriesOf(list: unknown): StreamEntry[] {
  if (!Array.isArray(list)) return [];
  return list.map(entryOf).filter((entry): entry is StreamEntry => entry !== null);
}

/**
 * The Redis stream that carries live events between replicas and keeps them for replay
 * (`LIVE_REPLAY_SECONDS`, trimmed by MINID at every write). Writes go through the shared
 * connection; reads for delivery through a connection of their own (see `follow`).
 */
export class LiveStream {
  private reader: RedisClient | null = null;
  private following = false;

  constructor(
    private readonly redis: RedisConnection,
    private readonly keepMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Appends a record; resolves to its stream id, rejects when Redis cannot take it now. */
  async append(record: LiveRecord): Promise<string> {
    return this.redis.client.xAdd(
      STREAM_KEY,
      '*',
      { r: JSON.stringify(record) },
      {
        TRIM: {
          strategy: 'MINID',
          strategyModifier: '~',
          threshold: Math.max(0, this.now() - this.keepMs),
        },
      },
    );
  }

  /** Entries after `id` (exclusive), oldest first, at most `count`. */
  async after(id: string, count: number): Promise<StreamEntry[]> {
    return entriesOf(await this.redis.client.xRange(STREAM_KEY, `(${id}`, '+', { COUNT: count }));
  }

  /** The oldest id still in the stream, or null when it is empty. */
  async oldestId(): Promise<string | null> {
    const first = entriesOf(await this.redis.client.xRange(STREAM_KEY, '-', '+', { COUNT: 1 }))[0];
    return first?.id ?? null;
  }

  /**
   * Calls `onEntry` for every entry appended from now on, in stream order, until `stop`. A
   * blocking XREAD would hold up every command queued behind it on a shared connection, so the
   * reads run on a duplicate of it; each blocks for a short while only (below the command
   * timeout the connection sets), so no special client settings are needed whatever the
   * topology. It starts from when it was called; the position survives reconnects and a Redis restart (new ids are later in time).
   */
  follow(onEntry: (entry: StreamEntry) => void, onError: (error: unknown) => void): void {
    const reader = this.redis.client.duplicate();
    reader.on('error', () => undefined);
    this.reader = reader;
    this.following = true;
    reader.connect().catch(() => undefined);
    void this.readLoop(reader, onEntry, onError);
  }

  async stop(): Promise<void> {
    this.following = false;
    const reader = this.reader;
    this.reader = null;
    try {
      if (reader?.isOpen) reader.destroy();
    } catch {
      // Already closed: nothing to release.
    }
    await Promise.resolve();
  }

  private async readLoop(
    reader: RedisClient,
    onEntry: (entry: StreamEntry) => void,
    onError: (error: unknown) => void,
  ): Promise<void> {
    // From when following began (less a margin for clocks apart), not from whatever is newest once
    // Redis first answers: an event written in between would be skipped. Entries read twice are
    // harmless: the bus delivers an event id once.
    let lastId = `${Math.max(0, this.now() - START_MARGIN_MS)}-0`;
    let reported = false;
    while (this.following) {
      if (!reader.isReady) {
        await pause(200);
        continue;
      }
      try {
        const reply: unknown = await reader.xRead(
          { key: STREAM_KEY, id: lastId },
          { BLOCK: BLOCK_MS, COUNT: READ_COUNT },
        );
        reported = false;
        if (!Array.isArray(reply)) continue;
        for (const stream of reply) {
          if (!isObject(stream)) continue;
          for (const entry of entriesOf(stream['messages'])) {
            lastId = entry.id;
            onEntry(entry);
          }
        }
      } catch (error) {
        if (this.reader !== reader) return;
        if (!reported) onError(error);
        reported = true;
        await pause(200);
      }
    }
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
