import type { LiveRecord } from './live-event';

export interface WindowEntry {
  readonly seq: number;
  /** The event's id in the Redis stream, once it is there. */
  streamId: string | null;
  readonly record: LiveRecord;
}

/** Entries kept at most, whatever their age: a bound on memory under a flood. */
const MAX_ENTRIES = 50_000;

/**
 * The events this replica delivered in the replay window, in delivery order: what a cursor
 * resumes from when Redis cannot answer (or never was configured).
 */
export class LiveWindow {
  private readonly entries: WindowEntry[] = [];
  private nextSeq = 1;
  /** The newest sequence number that was dropped from the window. */
  private droppedUpTo = 0;

  constructor(
    private readonly keepMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  add(record: LiveRecord, streamId: string | null): WindowEntry {
    const entry: WindowEntry = { seq: this.nextSeq++, streamId, record };
    this.entries.push(entry);
    this.trim();
    return entry;
  }

  /** Entries after the one with `seq`; null when that one may have been dropped already. */
  afterSeq(seq: number): WindowEntry[] | null {
    this.trim();
    if (seq < this.droppedUpTo || seq >= this.nextSeq) return null;
    return this.entries.filter((entry) => entry.seq > seq);
  }

  /** Entries after the one with stream id `id`; null when this window does not hold it. */
  afterStreamId(id: string): WindowEntry[] | null {
    this.trim();
    const index = this.entries.findIndex((entry) => entry.streamId === id);
    return index < 0 ? null : this.entries.slice(index + 1);
  }

  private trim(): void {
    const oldest = this.now() - this.keepMs;
    while (this.entries.length > 0) {
      const first = this.entries[0];
      if (first === undefined) break;
      if (first.record.receivedAt >= oldest && this.entries.length <= MAX_ENTRIES) break;
      this.entries.shift();
      this.droppedUpTo = first.seq;
    }
  }
}
