import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { isSubscriptionOperation, relayStylePagination } from '@apollo/client/utilities';
import type { DocumentNode } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { documentHash } from './document-hash';

// Apollo Client 4 types results by the default `errorPolicy`: declare the one set below, so that
// `data` and `error` are typed as both possible at once.
declare module '@apollo/client' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Apollo's declaration merging
  export namespace ApolloClient {
    // eslint-disable-next-line @typescript-eslint/no-namespace -- Apollo's declaration merging
    export namespace DeclareDefaultOptions {
      interface WatchQuery {
        errorPolicy: 'all';
      }
      interface Query {
        errorPolicy: 'all';
      }
      interface Mutate {
        errorPolicy: 'all';
      }
    }
  }
}

export interface ApolloRecipeOptions {
  /** The gateway's /graphql URL (http: or https:). */
  readonly url: string;
  /** The user's access token (JWT auth on) or provider key (forwarding mode); none in development. */
  readonly token?: () => string | undefined;
  /** Send only the hash of each document (the gateway runs TRUSTED_DOCUMENTS). */
  readonly trustedDocuments?: boolean;
  /** A WebSocket class where the runtime has none (Node before 22: `ws`). */
  readonly webSocketImpl?: unknown;
}

/** The document's persisted id; only generated documents have one. */
function requiredHash(document: DocumentNode): string {
  const hash = documentHash(document);
  if (hash === undefined) {
    throw new Error('not a generated document: use the `graphql()` of the client preset');
  }
  return hash;
}

/**
 * Apollo Client 4 for this gateway: a normalised cache that pages Relay connections, documents
 * sent by hash when trusted documents are on (over HTTP and the socket), subscriptions over
 * graphql-ws with the same token,
 * and `errorPolicy: 'all'` so that one failed field does not throw away a whole page.
 */
export function createApolloClient(options: ApolloRecipeOptions): ApolloClient {
  const authorization = (): Record<string, string> => {
    const token = options.token?.();
    return token ? { authorization: `Bearer ${token}` } : {};
  };
  const http = new HttpLink({ uri: options.url });
  const withToken = new ApolloLink((operation, forward) => {
    operation.setContext(({ headers }: { headers?: Record<string, string> }) => ({
      headers: { ...headers, ...authorization() },
    }));
    return forward(operation);
  });
  const socket = createClient({
    url: options.url.replace(/^http/, 'ws'),
    // Read on every (re)connection: a refreshed token is used from the next one on.
    connectionParams: () => {
      const token = options.token?.();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    ...(options.webSocketImpl ? { webSocketImpl: options.webSocketImpl } : {}),
  });
  // GraphQLWsLink sends the document's text too; with trusted documents the socket, like HTTP,
  // carries only its hash (a printed text is not the listed one, and is refused).
  const byHash: Client = {
    ...socket,
    subscribe: (payload, sink) =>
      socket.subscribe(
        payload.extensions?.['persistedQuery'] ? { ...payload, query: '' } : payload,
        sink,
      ),
  };
  const ws = new GraphQLWsLink(options.trustedDocuments ? byHash : socket);
  const transport = ApolloLink.split(
    ({ query }) => isSubscriptionOperation(query),
    ws,
    ApolloLink.from([withToken, http]),
  );
  const persisted = new PersistedQueryLink({ generateHash: requiredHash });
  return new ApolloClient({
    link: options.trustedDocuments ? ApolloLink.from([persisted, transport]) : transport,
    cache: new InMemoryCache({
      // Objects are keyed `Recording:<id>` (`__typename` and `id`); `nodeId` is for Relay.
      typePolicies: {
        Query: {
          fields: {
            // One cached list per filter; `first`/`after`/`last`/`before` walk it.
            recordings: relayStylePagination(['filter']),
            conferences: relayStylePagination(['filter']),
          },
        },
        Conference: {
          fields: {
            participants: relayStylePagination(['filter']),
            recordings: relayStylePagination(),
          },
        },
        CallLeg: { fields: { recordings: relayStylePagination() } },
      },
    }),
    defaultOptions: {
      // The gateway answers what it could with errors beside it: keep the rows it did return.
      watchQuery: { errorPolicy: 'all' },
      query: { errorPolicy: 'all' },
      mutate: { errorPolicy: 'all' },
    },
  });
}
