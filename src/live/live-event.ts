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

/**
 * One event as this process delivers it to its subscribers: reads made for it are shared by
 * the subscribers with the same upstream credential (a thousand subscribers on the server key
 * cost one upstream read, not a thousand).
 */
export class LiveDelivery {
  private readonly reads = new Map<string, Promise<unknown>>();
  private sharedDeadline: Deadline | undefined;

  constructor(readonly event: LiveEvent) {}

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
