import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type DocumentNode } from 'graphql';
import type { GatewayContext } from '../context';
import { fragmentsOf, selectsField } from '../resolvers/selected-fields';

/** Documents longer than this are not kept: clients' documents are far smaller. */
const MAX_DOCUMENT_LENGTH = 8 * 1024;
/**
 * The text of all kept documents together. A parsed document holds several times its text, and
 * a client could send a thousand distinct large ones: this keeps the whole store to a few MiB.
 */
const MAX_TOTAL_LENGTH = 1024 * 1024;

/**
 * Documents Apollo has parsed and validated against this schema (its parse limits, validation
 * rules and introspection setting included), by their exact text: a request that sends one again
 * can skip Apollo's request pipeline (`DirectExecution`). Bounded in count and in text, oldest
 * first out. A document
 * that asks for `_service` is never kept: whether it may run depends on who asks.
 */
export class KnownDocuments {
  private readonly documents = new Map<string, DocumentNode>();
  private totalLength = 0;

  constructor(
    private readonly maxDocuments = 1000,
    private readonly maxTotalLength = MAX_TOTAL_LENGTH,
  ) {}

  get(source: string): DocumentNode | undefined {
    return this.documents.get(source);
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
    while (
      this.documents.size > 0 &&
      (this.documents.size >= this.maxDocuments ||
        this.totalLength + source.length > this.maxTotalLength)
    ) {
      const oldest = this.documents.keys().next();
      if (oldest.done) break;
      this.documents.delete(oldest.value);
      this.totalLength -= oldest.value.length;
    }
    this.documents.set(source, document);
    this.totalLength += source.length;
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
