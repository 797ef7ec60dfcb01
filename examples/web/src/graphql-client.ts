import type { TypedDocumentString } from './gql/graphql';

/** One GraphQL error as this gateway sends it: a message and a stable `extensions.code`. */
export interface GraphQLErrorView {
  readonly message: string;
  readonly code: string;
}

export type Result<T> =
  | { readonly ok: true; readonly data: T }
  | { readonly ok: false; readonly errors: readonly GraphQLErrorView[] };

interface Answer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * A tiny client for a gateway with trusted documents: it sends the document's id from the build
 * (`documentId`), never its text, and the user's access token when there is one.
 */
export class GraphQLClient {
  constructor(
    private readonly endpoint: string,
    private readonly token: () => string,
  ) {}

  async run<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    variables: TVariables,
  ): Promise<Result<TResult>> {
    const token = this.token();
    // Generated documents carry their persisted id, `sha256:<hex>`, in __meta__.hash.
    const documentId: unknown = document.__meta__?.['hash'];
    let answer: Answer<TResult>;
    try {
      const response = await fetch(this.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ documentId, variables }),
      });
      answer = (await response.json()) as Answer<TResult>;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, errors: [{ message, code: 'NETWORK_ERROR' }] };
    }
    if (answer.errors?.length || !answer.data) {
      return {
        ok: false,
        errors: (answer.errors ?? []).map((error) => ({
          message: error.message,
          code: error.extensions?.code ?? 'UNKNOWN',
        })),
      };
    }
    return { ok: true, data: answer.data };
  }
}
