import {
  Kind,
  getOperationAST,
  subscribe,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { liveAccessRefusal } from '../auth/live-access';
import type { GatewayContext } from '../context';
import { SubscriberTooSlowError } from '../live/live-feed';
import type { FrameBatcher } from './frame-batcher';

type Result = ExecutionResult;

/** A subscriber whose frames the group writes itself: its socket and its subscription's id. */
export interface DirectTarget {
  readonly socket: WebSocket;
  /** The TCP socket under it, corked while a round of frames gathers. */
  readonly raw: Socket;
  /** The subscription's id, already a JSON string literal. */
  readonly idJson: string;
  readonly batcher: FrameBatcher;
}

/** A subscriber's waiting events at most, by count and by bytes; past either it is ended. */
export interface SubscriberBounds {
  readonly maxEvents: number;
  readonly maxBytes: number;
}

/** One event of a group, prepared once for all its members. */
export interface SharedEvent {
  readonly result: Result;
  /** The `payload` of graphql-ws's `next` message, serialised as graphql-ws would. */
  readonly payloadJson: string;
  readonly cursor: string | null;
}

/** graphql-ws's `next` payload: the result, its errors (if any) as JSON, last. */
function payloadOf(result: Result): string {
  const { errors, ...rest } = result;
  return JSON.stringify(errors ? { ...rest, errors: errors.map((error) => error.toJSON()) } : rest);
}

/** The cursor in a result (`recordingEvents { cursor }`), for SUBSCRIBER_TOO_SLOW. */
function cursorOf(result: Result): string | null {
  for (const value of Object.values(result.data ?? {})) {
    if (typeof value === 'object' && value !== null) {
      const cursor = (value as Record<string, unknown>)['cursor'];
      if (typeof cursor === 'string') return cursor;
    }
  }
  return null;
}

function rootFieldOf(args: ExecutionArgs): string {
  const operation = getOperationAST(args.document, args.operationName);
  const first = operation?.selectionSet.selections[0];
  return first?.kind === Kind.FIELD ? first.name.value : 'unknown';
}

/** One execution and its members. */
export class Group {
  readonly members = new Set<Member>();
  /** null once the shared execution runs; an error result when it could not start. */
  readonly started: Promise<Result | null>;
  private source: AsyncGenerator<Result, void, void> | null = null;
  private readonly field: string;
  /** True once the execution is over: nobody may join it any more. */
  ended = false;
  /** The execution's context: each event renews it, with that event's span when traced. */
  private readonly context: GatewayContext | undefined;

  constructor(
    args: ExecutionArgs,
    private readonly onEnd: () => void,
  ) {
    this.field = rootFieldOf(args);
    this.context = args.contextValue as GatewayContext | undefined;
    this.started = (async () => {
      const outcome = await subscribe(args);
      if (!(Symbol.asyncIterator in outcome)) {
        this.finish();
        return outcome;
      }
      this.source = outcome;
      void this.pump(outcome);
      return null;
    })();
  }

  private finish(): void {
    this.ended = true;
    this.onEnd();
  }

  join(
    context: GatewayContext,
    target: DirectTarget | null,
    bounds: SubscriberBounds,
    onTooSlow: (field: string) => void,
  ): AsyncIterableIterator<Result> {
    const member = new Member(
      context,
      target,
      bounds,
      () => this.leave(member),
      () => onTooSlow(this.field),
    );
    this.members.add(member);
    return member.iterator();
  }

  private leave(member: Member): void {
    this.members.delete(member);
    if (this.members.size === 0) {
      this.finish();
      void this.source?.return();
    }
  }

  private async pump(source: AsyncGenerator<Result, void, void>): Promise<void> {
    let failure: unknown = null;
    try {
      for await (const result of source) {
        // The event's span (tracing on only) counts who this one execution served.
        this.context?.trace?.delivered(this.members.size);
        const event: SharedEvent = {
          result,
          payloadJson: payloadOf(result),
          cursor: cursorOf(result),
        };
        for (const member of [...this.members]) member.offer(event);
      }
    } catch (error) {
      failure = error;
    }
    this.finish();
    for (const member of [...this.members]) member.end(failure);
  }
}

/** One subscriber of a group: its own bounded queue (or socket), and its own right to receive. */
class Member {
  private readonly queue: SharedEvent[] = [];
  private queuedBytes = 0;
  /** This member's own bytes not yet flushed (`bufferedAmount` counts every subscription on the socket). */
  private unflushedBytes = 0;
  /** The sizes of the frames written to the socket and not yet flushed to the kernel, in order. */
  private readonly frameSizes: number[] = [];
  /** The batcher's turn of the last write, and what was written in it. */
  private turn = -1;
  private turnFrames = 0;
  private turnBytes = 0;
  private wake: (() => void) | null = null;
  private done = false;
  private ending: { readonly error: unknown } | null = null;
  private lastCursor: string | null = null;
  private readonly flushed = (): void => {
    this.unflushedBytes -= this.frameSizes.shift() ?? 0;
  };

  constructor(
    private readonly context: GatewayContext,
    private readonly target: DirectTarget | null,
    private readonly bounds: SubscriberBounds,
    private readonly leave: () => void,
    private readonly tooSlow: () => void,
  ) {}

  offer(event: SharedEvent): void {
    if (this.done || this.ending !== null) return;
    const refusal = liveAccessRefusal(this.context.caller);
    if (refusal) {
      // Nothing more for a caller whose right ended, not even what waits.
      this.queue.length = 0;
      this.end(refusal);
      return;
    }
    if (this.target !== null) this.write(this.target, event);
    else this.enqueue(event);
  }

  private write({ socket, raw, idJson, batcher }: DirectTarget, event: SharedEvent): void {
    // A closing socket: graphql-ws ends this subscription as it closes.
    if (socket.readyState !== socket.OPEN) return;
    // What this turn wrote waits in the cork, not in a slow socket: only earlier frames count.
    if (this.turn !== batcher.turn) {
      this.turn = batcher.turn;
      this.turnFrames = 0;
      this.turnBytes = 0;
    }
    if (
      this.frameSizes.length - this.turnFrames >= this.bounds.maxEvents ||
      this.unflushedBytes - this.turnBytes > this.bounds.maxBytes
    ) {
      this.endTooSlow();
      return;
    }
    const frame = `{"id":${idJson},"type":"next","payload":${event.payloadJson}}`;
    this.turnFrames += 1;
    // Characters: bytes for ASCII, fewer than the UTF-8 bytes otherwise (errs lenient).
    this.turnBytes += frame.length;
    this.unflushedBytes += frame.length;
    this.frameSizes.push(frame.length);
    batcher.hold(raw);
    socket.send(frame, this.flushed);
    // Written before SUBSCRIBER_TOO_SLOW could be, on the same stream: the client will have it.
    this.lastCursor = event.cursor ?? this.lastCursor;
  }

  private enqueue(event: SharedEvent): void {
    if (
      this.queue.length >= this.bounds.maxEvents ||
      this.queuedBytes + event.payloadJson.length > this.bounds.maxBytes
    ) {
      this.endTooSlow();
      return;
    }
    this.queue.push(event);
    this.queuedBytes += event.payloadJson.length;
    this.wake?.();
  }

  private endTooSlow(): void {
    this.tooSlow();
    this.end(new SubscriberTooSlowError(null));
  }

  /** Ends after what waits is handed over: with `error` when there is one. */
  end(error: unknown): void {
    if (this.ending !== null) return;
    this.ending = { error };
    this.leave();
    this.wake?.();
  }

  /** Hand-written rather than a generator: `return()` must end it at once, even mid-wait. */
  iterator(): AsyncIterableIterator<Result> {
    const finish = (): IteratorResult<Result> => {
      this.done = true;
      this.queue.length = 0;
      this.queuedBytes = 0;
      if (this.ending === null) {
        this.ending = { error: null };
        this.leave();
      }
      this.wake?.();
      return { value: undefined, done: true };
    };
    const iterator: AsyncIterableIterator<Result> = {
      next: async () => {
        while (!this.done && this.queue.length === 0 && this.ending === null) {
          await new Promise<void>((resolve) => {
            this.wake = resolve;
          });
          this.wake = null;
        }
        if (this.done) return { value: undefined, done: true };
        const next = this.queue.shift();
        if (next !== undefined) {
          this.queuedBytes -= next.payloadJson.length;
          this.lastCursor = next.cursor ?? this.lastCursor;
          return { value: next.result, done: false };
        }
        const error = this.ending?.error ?? null;
        finish();
        if (error instanceof SubscriberTooSlowError)
          throw new SubscriberTooSlowError(this.lastCursor);
        if (error !== null)
          throw error instanceof Error ? error : new Error('The subscription failed.');
        return { value: undefined, done: true };
      },
      return: () => Promise.resolve(finish()),
      throw: (error: unknown) => {
        finish();
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}
