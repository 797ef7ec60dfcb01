import {
  Kind,
  getOperationAST,
  subscribe,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { GatewayContext } from '../context';
import { FrameBatcher } from './frame-batcher';
import { Group, type DirectTarget, type SubscriberBounds } from './subscription-group';

export type { SubscriberBounds } from './subscription-group';

type Result = ExecutionResult;
type Outcome = AsyncIterableIterator<Result> | AsyncGenerator<Result, void, void> | Result;

/**
 * Subscribers whose reads are identical share one execution per event, as a CDN shares one
 * response: same document, same variables, same upstream credential and the same caller (token
 * subject, scopes and expiry, or no end-user authentication at all). 3,000 such subscribers cost
 * one read, one execution and one result object per event; each still gets its own bounded
 * queue, and its caller is checked again before every result it is handed. A subscription that
 * resumes (`after`) replays its own past and never shares.
 *
 * A WebSocket subscriber registered with `writeDirectly` costs even less: the event's payload is
 * serialised once per group, and each member writes `{"id":…,"type":"next","payload":…}` to its
 * own socket at once, byte for byte what graphql-ws would send, without graphql-ws's per-message
 * promise chain and `JSON.stringify` of the whole message per subscriber. Its queue is then the
 * socket's own buffer, bounded by its own frames and bytes not yet flushed to the kernel.
 * graphql-ws still owns the subscription: it holds an iterator that yields nothing and ends (or
 * throws SUBSCRIBER_TOO_SLOW) when the member does, and sends `complete` or `error` after every
 * frame the member wrote.
 */
export class SharedSubscriptions {
  private readonly groups = new Map<string, Group>();
  private readonly documentIds = new WeakMap<DocumentNode, number>();
  private readonly direct = new WeakMap<GatewayContext, DirectTarget>();
  private nextDocumentId = 1;

  constructor(
    private readonly bounds: SubscriberBounds,
    private readonly onTooSlow: (field: string) => void,
    private readonly batcher = new FrameBatcher(),
  ) {}

  /**
   * The subscription about to be subscribed with `context` writes its frames to `socket` itself
   * (graphql-transport-ws `next` messages for subscription `id`), if it joins a group.
   */
  writeDirectly(context: GatewayContext, socket: WebSocket, raw: Socket, id: string): void {
    this.direct.set(context, { socket, raw, idJson: JSON.stringify(id), batcher: this.batcher });
  }

  /** Executions running for subscribers now (each serves one group). */
  get executions(): number {
    return this.groups.size;
  }

  /** graphql-ws's `subscribe`: joins (or starts) the group of identical subscribers. */
  async subscribe(args: ExecutionArgs): Promise<Outcome> {
    const key = this.keyOf(args);
    if (key === null) return subscribe(args);
    const context = args.contextValue as GatewayContext;
    for (;;) {
      let group = this.groups.get(key);
      if (group === undefined) {
        const created: Group = new Group(args, () => {
          // A group that ended may leave after a new one took its key: never forget that one.
          if (this.groups.get(key) === created) this.groups.delete(key);
        });
        group = created;
        this.groups.set(key, group);
      }
      const started = await group.started;
      if (started !== null) return started;
      // A group can end while a subscriber waits to join it (its last member left): joining it
      // then would wait forever for events; this subscriber starts or joins the next one.
      if (!group.ended) {
        return group.join(context, this.direct.get(context) ?? null, this.bounds, this.onTooSlow);
      }
    }
  }

  private keyOf(args: ExecutionArgs): string | null {
    const context = args.contextValue as GatewayContext | undefined;
    if (context === undefined) return null;
    const operation = getOperationAST(args.document, args.operationName);
    if (!operation) return null;
    // A resumed subscription replays from its own cursor: nobody else's stream.
    const resumes = operation.selectionSet.selections.some(
      (selection) =>
        selection.kind === Kind.FIELD &&
        (selection.arguments ?? []).some((argument) => argument.name.value === 'after'),
    );
    if (resumes) return null;
    const { caller } = context;
    let who: string;
    if (caller.kind === 'open') who = 'open';
    else if (caller.kind === 'user') {
      who = JSON.stringify([caller.subject, caller.expiresAt, [...caller.scopes].sort()]);
    } else return null;
    let documentId = this.documentIds.get(args.document);
    if (documentId === undefined) {
      documentId = this.nextDocumentId++;
      this.documentIds.set(args.document, documentId);
    }
    return JSON.stringify([
      documentId,
      args.operationName ?? null,
      // `variables: {}` and no variables at all are the same read.
      Object.keys(args.variableValues ?? {}).length === 0 ? null : args.variableValues,
      context.credentialId,
      who,
    ]);
  }
}
