import { decodeCursor, encodeCursor } from '../../../src/live/live-cursor';
import type { LiveRecord } from '../../../src/live/live-event';
import { LiveWindow } from '../../../src/live/live-window';

function record(eventId: string, receivedAt: number): LiveRecord {
  return {
    origin: '00000000-0000-4000-8000-000000000000',
    receivedAt,
    event: {
      kind: 'recording_saved',
      eventId,
      recordingId: eventId,
      callLegId: null,
      conferenceId: null,
      callSessionId: null,
    },
  };
}

describe('live cursors', () => {
  it('read back what they name, and nothing else', () => {
    const stream = { kind: 'stream', id: '1796669989121-3' } as const;
    const local = {
      kind: 'local',
      origin: '00000000-0000-4000-8000-000000000000',
      seq: 42,
    } as const;
    expect(decodeCursor(encodeCursor(stream))).toEqual(stream);
    expect(decodeCursor(encodeCursor(local))).toEqual(local);
    for (const other of ['', 'not-a-cursor', Buffer.from('s:12x-0').toString('base64url')]) {
      expect(decodeCursor(other)).toBeNull();
    }
  });
});

describe('LiveWindow', () => {
  it('replays what followed a sequence number or a stream id, and says when it no longer holds it', () => {
    let now = 1_000_000;
    const window = new LiveWindow(60_000, () => now);
    const first = window.add(record('a', now), '1-0');
    window.add(record('b', now + 10), null);
    window.add(record('c', now + 20), '3-0');
    expect(window.afterSeq(first.seq)?.map((entry) => entry.record.event.eventId)).toEqual([
      'b',
      'c',
    ]);
    expect(window.afterStreamId('1-0')?.map((entry) => entry.record.event.eventId)).toEqual([
      'b',
      'c',
    ]);
    expect(window.afterStreamId('9-0')).toBeNull();

    // Past the window: 'a' and 'b' are gone; a cursor at 'a' no longer covers what followed.
    now += 60_015;
    expect(window.afterSeq(first.seq)).toBeNull();
    expect(window.afterStreamId('1-0')).toBeNull();
    expect(window.afterStreamId('3-0')).toEqual([]);
  });
});
