import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';

export interface GraphQLResponse<TData> {
  readonly status: number;
  readonly data?: TData | null;
  readonly errors?: readonly GraphQLFormattedError[];
  /** The raw body, for asserting what never appears in it. */
  readonly text: string;
}

export interface RequestOptions {
  readonly headers?: Readonly<Record<string, string>>;
}

/** POSTs a query string over real HTTP, the way a browser client would. */
export async function postGraphQL<TData = Record<string, unknown>>(
  url: URL,
  query: string,
  variables: Record<string, unknown> = {},
  options: RequestOptions = {},
): Promise<GraphQLResponse<TData>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  const body = JSON.parse(text) as { data?: TData | null; errors?: GraphQLFormattedError[] };
  return { status: response.status, text, ...body };
}

/** Runs a generated typed document; the result is typed by the operation. */
export function execute<TData, TVariables extends Record<string, unknown>>(
  url: URL,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  options: RequestOptions = {},
): Promise<GraphQLResponse<TData>> {
  return postGraphQL<TData>(url, print(document), variables, options);
}

/** The `extensions.code` of each error, in order. */
export function errorCodes(response: GraphQLResponse<unknown>): unknown[] {
  return (response.errors ?? []).map((error) => error.extensions?.['code']);
}
