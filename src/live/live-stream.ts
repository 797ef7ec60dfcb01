import { traceLinkOf } from '../observability/tracing';
import type { RedisConnection } from '../redis/redis-connection';
import type { LiveRecord } from './live-event';

/**
 * The one Redis key of live events. The hash tag keeps it (and anything added beside it) in one
 * slot of a cluster; only single-key stream commands are used on it.
 */
export const STREAM_KEY = '{rg-live}:events';

/** How often a replica asks the stream for what others wrote. */
const POLL_MS = 100;
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
    // A trace link that is not W3C headers is dropped, never trusted: the event still counts.
    const { trace, ...rest } = record;
    const link = traceLinkOf(trace);
    return {
      id: raw['id'],
      record: (link === undefined ? rest : { ...rest, trace: link }) as unknown as LiveRecord,
    };
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
 * (`LIVE_REPLAY_SECONDS`, trimmed by MINID at every write). Every command goes through the shared
 * connection, the same on one server, a cluster and Sentinel: a replica reads what the others
 * wrote by asking for the entries after the last it saw, every 100 ms. A blocking XREAD would
 * need a connection of its own per topology (and one per shard in a cluster); ten cheap XRANGEs a
 * second per replica cost less than that, and add 50 ms to delivery on average.
 */
export class LiveStream {
  private following = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: RedisConnection,
    private readonly keepMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Appends a record; resolves to its stream id, rejects when Redis cannot take it now. */
  async append(record: LiveRecord): Promise<string> {
    const minId = `${Math.max(0, this.now() - this.keepMs)}-0`;
    return this.redis.run('live_publish', (redis) =>
      redis.xAdd(STREAM_KEY, { r: JSON.stringify(record) }, minId),
    );
  }

  /** Entries after `id` (exclusive), oldest first, at most `count`. */
  async after(id: string, count: number): Promise<StreamEntry[]> {
    return entriesOf(
      await this.redis.run('live_replay', (redis) =>
        redis.xRange(STREAM_KEY, `(${id}`, '+', count),
      ),
    );
  }

  /** The oldest id still in the stream, or null when it is empty. */
  async oldestId(): Promise<string | null> {
    const oldest = await this.redis.run('live_replay', (redis) =>
      redis.xRange(STREAM_KEY, '-', '+', 1),
    );
    return entriesOf(oldest)[0]?.id ?? null;
  }

  /**
   * Calls `onEntry` for every entry appended from now on, in stream order, until `stop`. It starts
   * from when it was called (less a margin for clocks apart), not from whatever is newest once
   * Redis first answers: an event written in between would be skipped. Entries read twice are
   * harmless: the bus delivers an event id once. The position survives reconnects, failovers and a
   * Redis restart (new ids are later in time).
   */
  follow(onEntry: (entry: StreamEntry) => void, onError: (error: unknown) => void): void {
    this.following = true;
    let lastId = `${Math.max(0, this.now() - START_MARGIN_MS)}-0`;
    let reported = false;
    const poll = async (): Promise<void> => {
      this.timer = null;
      if (!this.following) return;
      let full = false;
      if (this.redis.available()) {
        try {
          const entries = await this.after(lastId, READ_COUNT);
          reported = false;
          full = entries.length === READ_COUNT;
          for (const entry of entries) {
            lastId = entry.id;
            onEntry(entry);
          }
        } catch (error) {
          // Counted and logged by the connection too; said here once per outage.
          if (!reported) onError(error);
          reported = true;
        }
      }
      // `stop` may have come while the read was out.
      if (!this.isFollowing()) return;
      this.timer = setTimeout(() => void poll(), full ? 0 : POLL_MS);
      this.timer.unref();
    };
    void poll();
  }

  private isFollowing(): boolean {
    return this.following;
  }

  stop(): Promise<void> {
    this.following = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return Promise.resolve();
  }
}
