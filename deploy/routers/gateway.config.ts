// Hive Gateway in front of the recordings subgraph (and any others): run `hive-gateway supergraph
// supergraph.graphql` (from `npm run supergraph`) beside this file, which it reads as
// gateway.config.ts. It imports nothing, so it loads in the official image unchanged.
// test/integration/router-configs.test.ts runs it through Hive Gateway's runtime with JWT users.

interface ClientRequest {
  readonly request: { readonly headers: { get(name: string): string | null } };
}

export const gatewayConfig = {
  // The end user's token goes to every subgraph on every HTTP request: the recordings subgraph
  // checks it (scopes) whatever the router did.
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }: ClientRequest): Record<string, string> => {
      const authorization = request.headers.get('authorization');
      return authorization ? { authorization } : {};
    },
  },
  transportEntries: {
    recordings: {
      options: {
        // Subscriptions go over graphql-ws (the subgraph serves no SSE), and the token goes with
        // them: headers are not propagated to a WebSocket, so without `connectionParams` every
        // subscription of an authenticated user would be closed with 4403.
        subscriptions: {
          kind: 'ws',
          location: '/graphql',
          options: {
            connectionParams: { authorization: '{context.headers.authorization}' },
          },
        },
      },
    },
  },
};
