import type { Row } from '../domain/page';
import type { Connection, Edge } from '../schema/connection.type';
import type { PageInfoModel } from '../schema/page-info.type';

type Lazy<T> = T | (() => Promise<T>);

export interface ConnectionParts<TNode> {
  readonly nodes: readonly Row<TNode>[];
  /** The cursor of the node at `index`; made only when a client selects cursors. */
  readonly cursorAt: (index: number) => string;
  readonly hasNextPage: Lazy<boolean>;
  readonly hasPreviousPage: Lazy<boolean>;
  readonly totalCount: Lazy<number | null>;
}

const resolve = <T>(value: Lazy<T>): T | Promise<T> =>
  typeof value === 'function' ? (value as () => Promise<T>)() : value;

/**
 * A connection whose costly parts are computed when read: cursors are encoded only when selected,
 * and a `hasPreviousPage`, `hasNextPage` or `totalCount` that needs an upstream call makes it
 * only for a client that asks (once, however often it is read).
 */
export class ListConnection<TNode> implements Connection<TNode> {
  private cachedEdges: Edge<TNode>[] | undefined;
  private cachedTotal: number | null | Promise<number | null> | undefined;
  private cachedPageInfo: PageInfoModel | undefined;

  constructor(private readonly parts: ConnectionParts<TNode>) {}

  get nodes(): readonly Row<TNode>[] {
    return this.parts.nodes;
  }

  get edges(): readonly Edge<TNode>[] {
    this.cachedEdges ??= this.parts.nodes.map(
      (node, index) => new LazyEdge(node, index, this.parts),
    );
    return this.cachedEdges;
  }

  get totalCount(): number | null | Promise<number | null> {
    this.cachedTotal ??= resolve(this.parts.totalCount);
    return this.cachedTotal;
  }

  get pageInfo(): PageInfoModel {
    this.cachedPageInfo ??= new LazyPageInfo(this.parts);
    return this.cachedPageInfo;
  }
}

class LazyEdge<TNode> implements Edge<TNode> {
  constructor(
    readonly node: Row<TNode>,
    private readonly index: number,
    private readonly parts: ConnectionParts<TNode>,
  ) {}

  get cursor(): string {
    return this.parts.cursorAt(this.index);
  }
}

class LazyPageInfo<TNode> implements PageInfoModel {
  private next: boolean | Promise<boolean> | undefined;
  private previous: boolean | Promise<boolean> | undefined;

  constructor(private readonly parts: ConnectionParts<TNode>) {}

  get hasNextPage(): boolean | Promise<boolean> {
    this.next ??= resolve(this.parts.hasNextPage);
    return this.next;
  }

  get hasPreviousPage(): boolean | Promise<boolean> {
    this.previous ??= resolve(this.parts.hasPreviousPage);
    return this.previous;
  }

  get startCursor(): string | null {
    return this.parts.nodes.length > 0 ? this.parts.cursorAt(0) : null;
  }

  get endCursor(): string | null {
    return this.parts.nodes.length > 0 ? this.parts.cursorAt(this.parts.nodes.length - 1) : null;
  }
}
