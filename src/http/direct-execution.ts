import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import {
  execute,
  getOperationAST,
  OperationTypeNode,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { GatewayContext } from '../context';
import type { Logger } from '../observability/logger';
import type { GatewayMetrics } from '../observability/metrics';
import { reportOperation } from '../plugins/observability';
import { chargeOperationPrice, type CostLimits } from '../plugins/query-cost';
import { checkScopes } from '../plugins/scope-check';
import type { KnownDocuments } from './known-documents';

/** A request the direct path can take: a query of a known document, as plain JSON. */
export interface DirectRequest {
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  readonly operationName: string | undefined;
  readonly variables: Readonly<Record<string, unknown>> | undefined;
  /** What Apollo would answer as, for the client's `Accept`. */
  readonly contentType: string;
}

export interface DirectExecutionOptions {
  readonly schema: GraphQLSchema;
  readonly known: KnownDocuments;
  readonly limits: CostLimits;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
}

const JSON_ANSWER = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE_ANSWER = 'application/graphql-response+json; charset=utf-8';

/**
 * The content type Apollo negotiates for these `Accept` headers, exactly as clients send them (a
 * test holds each to Apollo's own answer); a request with any other goes through Apollo.
 */
const CONTENT_TYPE_BY_ACCEPT: ReadonlyMap<string | undefined, string> = new Map([
  [undefined, JSON_ANSWER],
  ['application/json', JSON_ANSWER],
  ['*/*', JSON_ANSWER],
  ['application/graphql-response+json', GRAPHQL_RESPONSE_ANSWER],
  // Apollo Client 3.8 and later.
  ['application/graphql-response+json,application/json;q=0.9', GRAPHQL_RESPONSE_ANSWER],
  // urql.
  [
    'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed',
    GRAPHQL_RESPONSE_ANSWER,
  ],
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Queries whose document Apollo already parsed and validated, run without Apollo's request
 * pipeline, which cost a fifth of an uncached read's CPU (bench/RESULTS.md): the same
 * checks its plugins make (scopes, price), graphql-js's `execute` on the same schema and context,
 * the same log line and metrics, and the answer Apollo would write. Anything else, and any
 * operation a check refuses or whose answer has errors, is handed back to Apollo, which answers
 * it as it answers every request (error formatting, masking and statuses stay Apollo's alone).
 */
export class DirectExecution {
  private readonly answered: { inc(): void };
  private readonly handedBack: { inc(): void };

  constructor(private readonly options: DirectExecutionOptions) {
    this.answered = options.metrics.directExecutions.series({ outcome: 'answered' });
    this.handedBack = options.metrics.directExecutions.series({ outcome: 'apollo' });
  }

  /** The request, when the direct path can take it; null: Apollo answers it. */
  match(body: unknown, headers: IncomingHttpHeaders): DirectRequest | null {
    if (!isRecord(body) || typeof body['query'] !== 'string') return null;
    const { variables, operationName, extensions } = body;
    if (variables != null && !isRecord(variables)) return null;
    if (operationName != null && typeof operationName !== 'string') return null;
    // Persisted queries, subscription callbacks and other protocol extensions are Apollo's.
    if (extensions != null && !(isRecord(extensions) && Object.keys(extensions).length === 0)) {
      return null;
    }
    const contentType = CONTENT_TYPE_BY_ACCEPT.get(headers.accept);
    if (contentType === undefined) return null;
    // Federated traces are made by Apollo's inline-trace plugin.
    if (headers['apollo-federation-include-trace'] !== undefined) return null;
    const document = this.options.known.get(body['query']);
    if (!document) return null;
    const operation = getOperationAST(document, operationName ?? undefined);
    if (operation?.operation !== OperationTypeNode.QUERY) return null;
    return {
      document,
      operation,
      operationName: operationName ?? undefined,
      variables: variables ?? undefined,
      contentType,
    };
  }

  /**
   * The answer's JSON text, or null when Apollo must answer instead: then the context's budget
   * is as it was, and its loaders hold what was read, so running again costs no upstream call.
   */
  async run(request: DirectRequest, context: GatewayContext): Promise<string | null> {
    const { schema, limits, logger, metrics } = this.options;
    const started = performance.now();
    const { objects, upstreamCalls } = context.budget;
    const handBack = (): null => {
      context.budget.objects = objects;
      context.budget.upstreamCalls = upstreamCalls;
      this.handedBack.inc();
      return null;
    };
    const { document, operation, variables, operationName } = request;
    try {
      checkScopes(context.caller, operation, document);
      chargeOperationPrice(limits, schema, operation, document, variables, context.budget);
    } catch {
      return handBack();
    }
    const result = await execute({
      schema,
      document,
      contextValue: context,
      variableValues: variables,
      operationName,
    });
    if (result.errors?.length) return handBack();
    this.answered.inc();
    // Named only once answered here: Apollo names the span of an operation handed back.
    context.trace?.named(operation.name?.value, operation.operation);
    reportOperation(logger, metrics, {
      requestId: context.requestId,
      operationName: operation.name?.value ?? null,
      seconds: (performance.now() - started) / 1000,
      upstreamCalls: context.stats.upstreamCalls,
      codes: [],
      hasData: true,
      trace: context.trace,
    });
    // Apollo's field order and its trailing newline.
    return `${JSON.stringify({ data: result.data, extensions: result.extensions })}\n`;
  }
}
