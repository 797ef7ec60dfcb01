import type { TraceLink } from '../observability/tracing';
import { Deadline } from '../upstream/scheduling/deadline';

/**
 * What a provider event tells the gateway: that a resource exists or changed. A notice, not
 * data: each subscriber reads the resource as the API serves it to that subscriber.
 */
export type LiveEvent =
  | {
      readonly kind: 'recording_saved';
      /** The provider's event id: a redelivery repeats it. */
      readonly eventId: string;
      /** Absent in some `call.recording.saved` events: then the leg's newest recording. */
      readonly recordingId: string | null;
      readonly callLegId: string | null;
      readonly conferenceId: string | null;
      readonly callSessionId: string | null;
    }
  | {
      readonly kind: 'transcription_saved';
      readonly eventId: string;
      readonly transcriptionId: string | null;
      readonly recordingId: string | null;
    };

/** An event as the replicas pass it on: who received it, and when. */
export interface LiveRecord {
  /** The replica that received the webhook. */
  readonly origin: string;
  /** When that replica received it (epoch milliseconds). */
  readonly receivedAt: number;
  readonly event: LiveEvent;
  /**
   * The received webhook's span, when tracing is on where it arrived: what each execution of the
   * event links to. Optional on the wire: records without it (tracing off, older replicas) stay
   * valid, and replicas that do not know it ignore it.
   */
  readonly trace?: TraceLink;
}

/**
 * One event as this process delivers it to its subscribers: reads made for it are shared by
 * the subscribers with the same upstream credential (a thousand subscribers on the server key
 * cost one upstream read, not a thousand).
 */
export class LiveDelivery {
  private readonly reads = new Map<string, Promise<unknown>>();
  private sharedDeadline: Deadline | undefined;
  private bytes: number | undefined;

  readonly event: LiveEvent;
  readonly receivedAt: Date;
  /** The webhook's span, for the span of each execution of this event (tracing on only). */
  readonly trace: TraceLink | undefined;

  /** `cursor`: where a subscriber that got this event resumes from (see live-cursor.ts). */
  constructor(
    record: LiveRecord,
    readonly cursor: string,
  ) {
    this.event = record.event;
    this.receivedAt = new Date(record.receivedAt);
    this.trace = record.trace;
  }

  /** What waiting costs a subscriber's queue: the event's size as JSON, about. */
  get size(): number {
    this.bytes ??= JSON.stringify(this.event).length + this.cursor.length;
    return this.bytes;
  }

  /** One deadline for every read this event causes in this process (one timer, not one each). */
  deadline(afterMs: number): Deadline {
    this.sharedDeadline ??= Deadline.after(afterMs);
    return this.sharedDeadline;
  }

  /** The read for `key` (credential and resource), made once for this event. */
  once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let pending = this.reads.get(key) as Promise<T> | undefined;
    if (pending === undefined) {
      pending = read();
      this.reads.set(key, pending);
    }
    return pending;
  }
}
