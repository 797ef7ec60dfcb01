import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { getOperationAST, parse } from 'graphql';
import { ErrorCode } from '../errors';

/** The documents a deployment's own clients were built with, by id. */
export interface TrustedDocuments {
  /** Document text by id: `sha256:<hex>` and plain `<hex>` both resolve. */
  readonly byId: ReadonlyMap<string, string>;
  /** The named operations in them (their metrics get labels of their own). */
  readonly operationNames: readonly string[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const plainId = (id: string) => id.replace(/^sha256:/, '');

interface ApolloManifest {
  readonly format: 'apollo-persisted-query-manifest';
  readonly operations: readonly { readonly id: string; readonly body: string }[];
}

function isApolloManifest(value: unknown): value is ApolloManifest {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { format?: unknown }).format === 'apollo-persisted-query-manifest' &&
    Array.isArray((value as { operations?: unknown }).operations)
  );
}

/**
 * Reads a manifest: GraphQL Code Generator's client-preset `persisted-documents.json`
 * (`{ "sha256:<hex>": "<document>" }`) or Apollo's `apollo-persisted-query-manifest`. Every
 * document must parse; a manifest that does not is a configuration error, found at start.
 */
export function loadTrustedDocuments(path: string): TrustedDocuments {
  const manifest: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const entries: [string, string][] = isApolloManifest(manifest)
    ? manifest.operations.map((operation) => [operation.id, operation.body])
    : Object.entries(manifest as Record<string, unknown>).map(([id, body]) => {
        if (typeof body !== 'string') throw new Error(`${path}: "${id}" is not a document`);
        return [id, body];
      });
  const byId = new Map<string, string>();
  const operationNames = new Set<string>();
  for (const [id, body] of entries) {
    byId.set(plainId(id), body);
    // A client may also send the document itself: accepted when its hash is listed.
    byId.set(sha256(body), body);
    const name = getOperationAST(parse(body))?.name?.value;
    if (name) operationNames.add(name);
  }
  return { byId, operationNames: [...operationNames] };
}

interface OperationBody {
  query?: unknown;
  documentId?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } } & Record<string, unknown>;
}

type Resolution = { readonly ok: true } | { readonly ok: false; readonly code: ErrorCode };

/** What the client is told when a document is refused. */
export function refusalMessage(code: ErrorCode): string {
  return code === ErrorCode.PERSISTED_QUERY_NOT_IN_LIST
    ? 'This document id is not in the list of trusted documents.'
    : 'Only trusted documents run here: send a `documentId` from the client build.';
}

/**
 * Resolves `documentId` (GraphQL over HTTP, Code Generator clients) and APQ's
 * `extensions.persistedQuery.sha256Hash` to the listed document before Apollo sees the request.
 * With `enforce` (production), nothing else runs: an unknown id is PERSISTED_QUERY_NOT_IN_LIST and
 * a free-form document that is not listed PERSISTED_QUERY_ID_REQUIRED, answered at once with 400,
 * before parsing or validation. Without it, unknown documents go on as usual.
 */
export class TrustedDocumentResolver {
  constructor(
    private readonly documents: TrustedDocuments,
    private readonly enforce: boolean,
  ) {}

  /** Resolves the operations of a POST body in place; the refusal, or null. */
  resolveBody(body: unknown): ErrorCode | null {
    const operations = (Array.isArray(body) ? body : [body]).filter(
      (item): item is OperationBody => typeof item === 'object' && item !== null,
    );
    for (const operation of operations) {
      const resolution = this.resolve(operation);
      if (!resolution.ok) return resolution.code;
    }
    return null;
  }

  /** Resolves a GET's query string; the string to use instead, or the refusal. */
  resolveSearch(search: string): { readonly search: string } | { readonly refused: ErrorCode } {
    const params = new URLSearchParams(search);
    if (!params.has('query') && !params.has('documentId') && !params.has('extensions')) {
      return { search };
    }
    const operation = operationFromParams(params);
    if (!operation) return { refused: ErrorCode.BAD_REQUEST };
    const resolution = this.resolve(operation);
    if (!resolution.ok) return { refused: resolution.code };
    if (typeof operation.query === 'string') {
      params.set('query', operation.query);
      params.delete('documentId');
      if (operation.extensions) params.set('extensions', JSON.stringify(operation.extensions));
    }
    return { search: `?${params.toString()}` };
  }

  private resolve(operation: OperationBody): Resolution {
    const { documents, enforce } = this;
    const hash = operation.extensions?.persistedQuery?.sha256Hash;
    const id = typeof operation.documentId === 'string' ? operation.documentId : hash;
    if (typeof operation.query === 'string') {
      const listed = documents.byId.has(sha256(operation.query));
      return listed || !enforce
        ? { ok: true }
        : { ok: false, code: ErrorCode.PERSISTED_QUERY_ID_REQUIRED };
    }
    if (typeof id !== 'string') {
      return enforce ? { ok: false, code: ErrorCode.PERSISTED_QUERY_ID_REQUIRED } : { ok: true };
    }
    const body = documents.byId.get(plainId(id));
    if (body === undefined) {
      return enforce ? { ok: false, code: ErrorCode.PERSISTED_QUERY_NOT_IN_LIST } : { ok: true };
    }
    operation.query = body;
    delete operation.documentId;
    // Resolved here: Apollo's own APQ store has nothing to add.
    if (operation.extensions?.persistedQuery) delete operation.extensions.persistedQuery;
    return { ok: true };
  }
}

function operationFromParams(params: URLSearchParams): OperationBody | null {
  const extensions = params.get('extensions');
  let parsed: unknown;
  try {
    parsed = extensions === null ? undefined : JSON.parse(extensions);
  } catch {
    return null;
  }
  return {
    ...(params.has('query') ? { query: params.get('query') } : {}),
    ...(params.has('documentId') ? { documentId: params.get('documentId') } : {}),
    ...(typeof parsed === 'object' && parsed !== null
      ? { extensions: parsed as OperationBody['extensions'] }
      : {}),
  };
}
