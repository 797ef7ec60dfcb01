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
 * What all compiled documents may cost together, in fields. Compiled code costs about 1 KB a
 * field plus 6 to 8 KB a document (counted as DOCUMENT_COST fields): real clients' few dozen
 * documents fit, and a client sending many distinct ones holds a few MiB at most.
 */
const MAX_TOTAL_COST = 5_000;
const DOCUMENT_COST = 8;

/**
 * Compilations a second, process-wide: one costs milliseconds, and a client cycling through more
 * large documents than the cache holds would otherwise have each compiled again on every use.
 */
const MAX_COMPILES_PER_SECOND = 10;

/** A document's compiled operation, and what it costs to keep. */
interface Entry {
  readonly compiled: CompiledQuery;
  readonly cost: number;
}

/**
 * Known documents compiled to JavaScript by graphql-jit, once each. The heavy page's per-row
 * execution (graphql-js resolves each field through generic code that allocates an info object,
 * argument maps and a promise per field) cost a third of its CPU in garbage alone
 * (bench/RESULTS.md); the compiled operation does the same work in straight-line code. Only
 * documents `compilableFieldCount` admits are compiled, on their second run here (a document
 * sent once is never compiled), at most MAX_COMPILES_PER_SECOND; the most recently used are kept
 * within MAX_TOTAL_COST, and one pushed out is compiled again when it returns. A document refused
 * (not admitted, or one graphql-jit cannot compile) is remembered as such and runs on graphql-js.
 */
export class CompiledDocuments {
  private readonly entries = new Map<DocumentNode, Entry>();
  private totalCost = 0;
  /** Documents that run on graphql-js, remembered as long as the document itself lives. */
  private readonly refused = new WeakSet<DocumentNode>();
  /** Documents run once: the next run compiles them. */
  private readonly seenOnce = new WeakSet<DocumentNode>();
  private compileWindow = { second: 0, compiles: 0 };

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly metrics: GatewayMetrics,
    private readonly maxTotalCost = MAX_TOTAL_COST,
    private readonly now: () => number = Date.now,
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
      if (!this.seenOnce.has(document)) {
        this.seenOnce.add(document);
        return null;
      }
      const fields = compilableFieldCount(document);
      if (fields === null) {
        this.metrics.compiledOperations.inc({ outcome: 'ineligible' });
        this.refused.add(document);
        return null;
      }
      if (!this.mayCompile()) return null;
      entry = this.compile(document, operationName, fields);
      if (!entry) {
        this.refused.add(document);
        return null;
      }
      this.keep(document, entry);
    }
    const { query } = entry.compiled;
    return (context, variables) => query(undefined, context, variables);
  }

  private compile(
    document: DocumentNode,
    operationName: string | undefined,
    fields: number,
  ): Entry | undefined {
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
    return compiled ? { compiled, cost: fields + DOCUMENT_COST } : undefined;
  }

  /** Whether this second's compilations leave room for one more. */
  private mayCompile(): boolean {
    const second = Math.floor(this.now() / 1000);
    if (this.compileWindow.second !== second) this.compileWindow = { second, compiles: 0 };
    if (this.compileWindow.compiles >= MAX_COMPILES_PER_SECOND) return false;
    this.compileWindow.compiles += 1;
    return true;
  }

  private keep(document: DocumentNode, entry: Entry): void {
    while (this.entries.size > 0 && this.totalCost + entry.cost > this.maxTotalCost) {
      const oldest = this.entries.entries().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value[0]);
      this.totalCost -= oldest.value[1].cost;
    }
    this.entries.set(document, entry);
    this.totalCost += entry.cost;
  }
}
