/**
 * Where a subscriber is in the event sequence, as an opaque string: the Redis stream id of the
 * event (valid on every replica), or, for an event that has not reached the stream (Redis away),
 * this replica's own sequence number and its origin (valid on this replica only).
 */
export type LiveCursor =
  | { readonly kind: 'stream'; readonly id: string }
  | { readonly kind: 'local'; readonly origin: string; readonly seq: number };

const STREAM_ID = /^\d{1,20}-\d{1,20}$/;

export function encodeCursor(cursor: LiveCursor): string {
  const text = cursor.kind === 'stream' ? `s:${cursor.id}` : `l:${cursor.origin}:${cursor.seq}`;
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** The cursor a string names, or null when it is not one of ours. */
export function decodeCursor(value: string): LiveCursor | null {
  if (value.length > 200) return null;
  const text = Buffer.from(value, 'base64url').toString('utf8');
  if (text.startsWith('s:')) {
    const id = text.slice(2);
    return STREAM_ID.test(id) ? { kind: 'stream', id } : null;
  }
  const local = /^l:([0-9a-f-]{36}):(\d{1,15})$/.exec(text);
  if (local?.[1] === undefined || local[2] === undefined) return null;
  return { kind: 'local', origin: local[1], seq: Number(local[2]) };
}

/** Stream ids compare as (milliseconds, sequence) pairs. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0n, aSeq = 0n] = a.split('-').map((part) => BigInt(part));
  const [bMs = 0n, bSeq = 0n] = b.split('-').map((part) => BigInt(part));
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}

/** The milliseconds part of a stream id: when Redis took the event. */
export function streamIdTime(id: string): number {
  return Number(id.split('-')[0]);
}
