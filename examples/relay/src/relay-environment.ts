import { createClient } from 'graphql-ws';
import {
  Environment,
  Network,
  Observable,
  RecordSource,
  Store,
  type GraphQLResponse,
  type RequestParameters,
  type Variables,
} from 'relay-runtime';

export interface RelayRecipeOptions {
  /** The gateway's /graphql URL (http: or https:). */
  readonly url: string;
  /** The user's access token (JWT auth on) or provider key (forwarding mode); none in development. */
  readonly token?: () => string | undefined;
  /** A WebSocket class where the runtime has none (Node before 22: `ws`). */
  readonly webSocketImpl?: unknown;
}

/**
 * A Relay environment for this gateway. relay-compiler was told (relay.config.json) that the
 * Node id field is `nodeId` and `Query.node` takes `nodeId`; the store is told the same, so
 * records are keyed by `nodeId` and a refetch lands on the record every list points at.
 */
export function createRelayEnvironment(options: RelayRecipeOptions): Environment {
  const authorization = (): Record<string, string> => {
    const token = options.token?.();
    return token ? { authorization: `Bearer ${token}` } : {};
  };
  const socket = createClient({
    url: options.url.replace(/^http/, 'ws'),
    connectionParams: authorization,
    ...(options.webSocketImpl ? { webSocketImpl: options.webSocketImpl } : {}),
  });

  const fetchQuery = async (
    operation: RequestParameters,
    variables: Variables,
  ): Promise<GraphQLResponse> => {
    const response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authorization() },
      body: JSON.stringify({ query: operation.text, operationName: operation.name, variables }),
    });
    return (await response.json()) as GraphQLResponse;
  };

  const subscribe = (operation: RequestParameters, variables: Variables) =>
    Observable.create<GraphQLResponse>((sink) =>
      socket.subscribe(
        { operationName: operation.name, query: operation.text ?? '', variables },
        {
          next: (value) => sink.next(value as GraphQLResponse),
          error: (error) => sink.error(error instanceof Error ? error : new Error(String(error))),
          complete: () => sink.complete(),
        },
      ),
    );

  return new Environment({
    network: Network.create(fetchQuery, subscribe),
    store: new Store(new RecordSource()),
    // Node types are keyed by `nodeId` (unique across types); others get Relay's client ids.
    getDataID: (fieldValue) => (fieldValue as { nodeId?: unknown }).nodeId,
  });
}
