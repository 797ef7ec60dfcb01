import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, visit, type DocumentNode } from 'graphql';
import type { GatewayContext } from '../context';
import { fragmentsOf, selectsField } from '../resolvers/selected-fields';

/** Documents longer than this are not kept: clients' documents are far smaller. */
const MAX_DOCUMENT_LENGTH = 8 * 1024;
/** The text of all kept documents together. */
const MAX_TOTAL_LENGTH = 1024 * 1024;
/**
 * The syntax nodes of all kept documents together. A parsed node holds about 200 bytes with its
 * location, and text of many short tokens is mostly nodes: a review kept 1 MiB of such text as
 * about 120 MB of heap. 50,000 nodes hold at most about 10 MB; a client's documents are a few
 * hundred nodes each.
 */
const MAX_TOTAL_NODES = 50_000;

function nodeCount(document: DocumentNode): number {
  let nodes = 0;
  visit(document, {
    enter() {
      nodes += 1;
    },
  });
  return nodes;
}

interface KnownDocument {
  readonly document: DocumentNode;
  readonly nodes: number;
}

/**
 * Documents Apollo has parsed and validated against this schema (its parse limits, validation
 * rules and introspection setting included), by their exact text: a request that sends one again
 * can skip Apollo's request pipeline (`DirectExecution`). Bounded in count, text and syntax
 * nodes, oldest first out. A document
 * that asks for `_service` is never kept: whether it may run depends on who asks.
 */
export class KnownDocuments {
  private readonly documents = new Map<string, KnownDocument>();
  private totalLength = 0;
  private totalNodes = 0;

  constructor(
    private readonly maxDocuments = 1000,
    private readonly maxTotalLength = MAX_TOTAL_LENGTH,
    private readonly maxTotalNodes = MAX_TOTAL_NODES,
  ) {}

  get(source: string): DocumentNode | undefined {
    return this.documents.get(source)?.document;
  }

  get size(): number {
    return this.documents.size;
  }

  learn(source: string, document: DocumentNode): void {
    if (source.length > MAX_DOCUMENT_LENGTH || this.documents.has(source)) return;
    const fragments = fragmentsOf(document);
    const routerOnly = document.definitions.some(
      (definition) =>
        definition.kind === Kind.OPERATION_DEFINITION &&
        selectsField([definition.selectionSet], fragments, '_service'),
    );
    if (routerOnly) return;
    const nodes = nodeCount(document);
    if (nodes > this.maxTotalNodes) return;
    while (
      this.documents.size > 0 &&
      (this.documents.size >= this.maxDocuments ||
        this.totalLength + source.length > this.maxTotalLength ||
        this.totalNodes + nodes > this.maxTotalNodes)
    ) {
      const oldest = this.documents.entries().next();
      if (oldest.done) break;
      const [oldestSource, known] = oldest.value;
      this.documents.delete(oldestSource);
      this.totalLength -= oldestSource.length;
      this.totalNodes -= known.nodes;
    }
    this.documents.set(source, { document, nodes });
    this.totalLength += source.length;
    this.totalNodes += nodes;
  }

  /** Learns every document once Apollo has validated it and resolved its operation. */
  plugin(): ApolloServerPlugin<GatewayContext> {
    return {
      requestDidStart: () =>
        Promise.resolve({
          didResolveOperation: ({ source, document }) => {
            this.learn(source, document);
            return Promise.resolve();
          },
        }),
    };
  }
}
