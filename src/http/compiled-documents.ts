import type { DocumentNode, ExecutionResult, GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { GatewayContext } from '../context';
import type { GatewayMetrics } from '../observability/metrics';
import { compilableFieldCount } from './compilable-document';

/** Runs a document's operation against the schema, as graphql-js `execute` would. */
export type OperationRunner = (
  context: GatewayContext,
  variables: Readonly<Record<string, unknown>> | undefined,
) => Promise<ExecutionResult> | ExecutionResult;

/**
 * Fields of all compiled documents together. Compiled code costs about 1 KB a field, plus 6 KB a
 * document: real clients' few dozen documents fit, and a client sending many distinct ones holds
 * a few MiB at most.
 */
const MAX_TOTAL_FIELDS = 5_000;

/** A document's compiled operation, and its fields (what it costs to keep). */
interface Entry {
  readonly compiled: CompiledQuery;
  readonly fields: number;
}

/**
 * Known documents compiled to JavaScript by graphql-jit, once each. The heavy page's per-row
 * execution (graphql-js resolves each field through generic code that allocates an info object,
 * argument maps and a promise per field) cost a third of its CPU in garbage alone
 * (bench/RESULTS.md); the compiled operation does the same work in straight-line code. Only
 * documents `compilableFieldCount` admits are compiled; the most recently used are kept within
 * MAX_TOTAL_FIELDS, and one pushed out is compiled again when it returns. A document refused
 * (not admitted, or one graphql-jit cannot compile) is remembered as such and runs on graphql-js.
 */
export class CompiledDocuments {
  private readonly entries = new Map<DocumentNode, Entry>();
  private totalFields = 0;
  /** Documents that run on graphql-js, remembered as long as the document itself lives. */
  private readonly refused = new WeakSet<DocumentNode>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly metrics: GatewayMetrics,
    private readonly maxTotalFields = MAX_TOTAL_FIELDS,
  ) {}

  /** The compiled operation, or null: run it with graphql-js. */
  runner(document: DocumentNode, operationName: string | undefined): OperationRunner | null {
    if (this.refused.has(document)) return null;
    let entry = this.entries.get(document);
    if (entry) {
      // Most recently used last: the first entry is the one to forget.
      this.entries.delete(document);
      this.entries.set(document, entry);
    } else {
      entry = this.compile(document, operationName);
      if (!entry) {
        this.refused.add(document);
        return null;
      }
      this.keep(document, entry);
    }
    const { query } = entry.compiled;
    return (context, variables) => query(undefined, context, variables);
  }

  private compile(document: DocumentNode, operationName: string | undefined): Entry | undefined {
    const fields = compilableFieldCount(document);
    if (fields === null) {
      this.metrics.compiledOperations.inc({ outcome: 'ineligible' });
      return undefined;
    }
    let compiled: CompiledQuery | null = null;
    try {
      const made = compileQuery(this.schema, document, operationName, {
        // Errors are Apollo's to format (the direct path hands them back): no stack to capture.
        disablingCapturingStackErrors: true,
      });
      if (isCompiledQuery(made)) compiled = made;
    } catch {
      // Left to graphql-js, which answers as it always has.
    }
    this.metrics.compiledOperations.inc({ outcome: compiled ? 'compiled' : 'uncompilable' });
    return compiled ? { compiled, fields } : undefined;
  }

  private keep(document: DocumentNode, entry: Entry): void {
    while (this.entries.size > 0 && this.totalFields + entry.fields > this.maxTotalFields) {
      const oldest = this.entries.entries().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value[0]);
      this.totalFields -= oldest.value[1].fields;
    }
    this.entries.set(document, entry);
    this.totalFields += entry.fields;
  }
}
