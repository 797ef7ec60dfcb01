import type { DocumentNode, ExecutionResult, GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { GatewayContext } from '../context';
import type { GatewayMetrics } from '../observability/metrics';

/** Runs one operation of a document against the schema, as graphql-js `execute` would. */
export type OperationRunner = (
  context: GatewayContext,
  variables: Readonly<Record<string, unknown>> | undefined,
) => Promise<ExecutionResult> | ExecutionResult;

/**
 * A compiled operation holds about 40 KB of generated code and closures: real clients use a few
 * dozen documents, and a client sending many distinct ones must not grow the heap by megabytes.
 */
const MAX_COMPILED_DOCUMENTS = 100;

/**
 * Known documents compiled to JavaScript by graphql-jit, once per document and operation. The
 * heavy page's per-row execution (graphql-js resolves each field through generic code that
 * allocates an info object, argument maps and a promise per field) cost a third of its CPU in
 * garbage alone (bench/RESULTS.md); the compiled operation does the same work in straight-line
 * code. The most recently used documents are kept; one pushed out is compiled again when it
 * returns. A document graphql-jit cannot compile is remembered as such and runs on graphql-js.
 */
export class CompiledDocuments {
  private readonly byDocument = new Map<DocumentNode, Map<string, CompiledQuery | null>>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly metrics: GatewayMetrics,
    private readonly maxDocuments = MAX_COMPILED_DOCUMENTS,
  ) {}

  /** The compiled operation, or null: run it with graphql-js. */
  runner(document: DocumentNode, operationName: string | undefined): OperationRunner | null {
    let byOperation = this.byDocument.get(document);
    if (byOperation) {
      // Most recently used last: the first entry is the one to forget.
      this.byDocument.delete(document);
    } else {
      byOperation = new Map();
      if (this.byDocument.size >= this.maxDocuments) {
        const oldest = this.byDocument.keys().next();
        if (!oldest.done) this.byDocument.delete(oldest.value);
      }
    }
    this.byDocument.set(document, byOperation);
    const key = operationName ?? '';
    let compiled = byOperation.get(key);
    if (compiled === undefined) {
      compiled = this.compile(document, operationName);
      byOperation.set(key, compiled);
      this.metrics.compiledOperations.inc({ outcome: compiled ? 'compiled' : 'uncompilable' });
    }
    if (compiled === null) return null;
    const query = compiled.query;
    return (context, variables) => query(undefined, context, variables);
  }

  private compile(document: DocumentNode, operationName: string | undefined): CompiledQuery | null {
    try {
      const made = compileQuery(this.schema, document, operationName, {
        // Errors are Apollo's to format (the direct path hands them back): no stack to capture.
        disablingCapturingStackErrors: true,
      });
      return isCompiledQuery(made) ? made : null;
    } catch {
      return null;
    }
  }
}
