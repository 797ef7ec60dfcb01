import {
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { ErrorCode, withoutSchemaHints } from '../errors';
import { refusalMessage, type TrustedDocumentResolver } from './trusted-documents';

/** Documents remembered with their validation; a client resubscribing sends the same few. */
const MAX_REMEMBERED = 1000;

export interface SubscriptionDocumentsOptions {
  readonly schema: GraphQLSchema;
  readonly validationRules: readonly ValidationRule[];
  readonly maxTokens: number;
  /** Trusted documents, as HTTP applies them (null: none configured). */
  readonly trusted: TrustedDocumentResolver | null;
  /** Production: validation messages carry no "Did you mean ...?" hints about the schema. */
  readonly hideSchemaDetails: boolean;
}

/** What a subscribe message carries, after graphql-ws checked its shape. */
export interface SubscribePayload {
  query: string;
  documentId?: unknown;
  extensions?: Record<string, unknown> | null;
}

type Checked = { readonly document: DocumentNode } | { readonly errors: readonly GraphQLError[] };

function codeOf(code: ErrorCode): { extensions: { code: ErrorCode } } {
  return { extensions: { code } };
}

/**
 * graphql-ws refuses a subscribe message without a string `query` before any hook sees it; a
 * client that sends only a trusted document's id (`documentId`, or APQ's hash) gets an empty
 * query here, and `check` resolves it. Used as graphql-ws's JSON reviver, for the root only.
 */
export function acceptDocumentIds(key: string, value: unknown): unknown {
  if (key !== '' || typeof value !== 'object' || value === null) return value;
  const message = value as { type?: unknown; payload?: unknown };
  if (message.type !== 'subscribe' || typeof message.payload !== 'object') return value;
  const payload = message.payload as Record<string, unknown> | null;
  if (payload !== null && payload['query'] === undefined) {
    const byId = payload['documentId'] !== undefined || payload['extensions'] !== undefined;
    if (byId) payload['query'] = '';
  }
  return value;
}

/**
 * What HTTP does to a document before it runs, for subscribe messages: trusted documents
 * (resolved by id; in production, nothing else runs), parsing with the token limit, validation
 * with the same rules, remembered per document text so a flood of one document costs one
 * validation, and validation messages without schema hints in production.
 */
export class SubscriptionDocuments {
  private readonly checked = new Map<string, Checked>();

  constructor(private readonly options: SubscriptionDocumentsOptions) {}

  check(payload: SubscribePayload): Checked {
    const refused = this.resolveTrusted(payload);
    if (refused) return refused;
    const known = this.checked.get(payload.query);
    if (known !== undefined) return known;
    const result = this.parseAndValidate(payload.query);
    if (this.checked.size >= MAX_REMEMBERED) {
      const oldest = this.checked.keys().next();
      if (!oldest.done) this.checked.delete(oldest.value);
    }
    this.checked.set(payload.query, result);
    return result;
  }

  private resolveTrusted(payload: SubscribePayload): Checked | null {
    const { trusted } = this.options;
    const byId = payload.query === '';
    if (trusted === null) {
      if (!byId) return null;
      return {
        errors: [
          new GraphQLError(
            'This server has no trusted documents: send the document itself in `query`.',
            codeOf(ErrorCode.BAD_REQUEST),
          ),
        ],
      };
    }
    const operation: { query?: string } & Omit<SubscribePayload, 'query'> = { ...payload };
    if (byId) delete operation.query;
    const code = trusted.resolveBody(operation);
    if (code !== null) return { errors: [new GraphQLError(refusalMessage(code), codeOf(code))] };
    if (typeof operation.query !== 'string') {
      return {
        errors: [
          new GraphQLError(
            refusalMessage(ErrorCode.PERSISTED_QUERY_NOT_IN_LIST),
            codeOf(ErrorCode.PERSISTED_QUERY_NOT_IN_LIST),
          ),
        ],
      };
    }
    payload.query = operation.query;
    return null;
  }

  private parseAndValidate(query: string): Checked {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: this.options.maxTokens });
    } catch (error) {
      const message = error instanceof Error ? error.message : 'Syntax error.';
      return { errors: [new GraphQLError(message, codeOf(ErrorCode.BAD_REQUEST))] };
    }
    const invalid = validate(this.options.schema, document, [
      ...specifiedRules,
      ...this.options.validationRules,
    ]);
    if (invalid.length === 0) return { document };
    const hide = this.options.hideSchemaDetails;
    return {
      errors: invalid.map(
        (error) =>
          new GraphQLError(hide ? withoutSchemaHints(error.message) : error.message, {
            nodes: error.nodes ?? null,
            extensions: { ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED' },
          }),
      ),
    };
  }
}
