import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { parse } from 'graphql';
import { CALLS_SERVICE_SDL } from './calls-service';

export interface SubgraphUrls {
  readonly recordings: URL;
  /** The example calls service; without it, a supergraph of recordings alone. */
  readonly calls?: URL;
}

/** Another subgraph to compose with ours: its SDL and the URL a router reaches it at. */
export interface OtherSubgraph {
  readonly name: string;
  readonly sdl: string;
  readonly url: URL;
}

export interface Composition {
  readonly supergraphSdl: string;
  readonly hints: readonly string[];
}

/**
 * Composes the recordings SDL (the committed schema.graphql unless given) with the example calls
 * service when given, as a router would.
 */
export function composeSupergraph(
  urls: SubgraphUrls,
  recordingsSdl: string = readFileSync(join(__dirname, '..', '..', 'schema.graphql'), 'utf8'),
  others: readonly OtherSubgraph[] = [],
): Composition {
  const result = composeServices([
    { name: 'recordings', typeDefs: parse(recordingsSdl), url: urls.recordings.href },
    ...(urls.calls
      ? [{ name: 'calls', typeDefs: parse(CALLS_SERVICE_SDL), url: urls.calls.href }]
      : []),
    ...others.map(({ name, sdl, url }) => ({ name, typeDefs: parse(sdl), url: url.href })),
  ]);
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => e.message).join('\n')}`);
  }
  return {
    supergraphSdl: result.supergraphSdl,
    hints: result.hints.map((hint) => `${hint.definition.code}: ${hint.message}`),
  };
}

export interface RunningRouter {
  readonly url: URL;
  stop(): Promise<void>;
}

interface RouterContext {
  readonly authorization?: string;
}

/** @apollo/gateway over a supergraph, forwarding the client's Authorization to subgraphs. */
export async function startRouter(supergraphSdl: string, port = 0): Promise<RunningRouter> {
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<RouterContext>({
        url,
        willSendRequest: ({ request, context }) => {
          const authorization: unknown = context.authorization;
          if (typeof authorization === 'string') {
            request.http?.headers.set('authorization', authorization);
          }
        },
      }),
  });
  const server = new ApolloServer<RouterContext>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port, host: '127.0.0.1' },
    context: ({ req }) => Promise.resolve({ authorization: req.headers.authorization }),
  });
  return { url: new URL(url), stop: () => server.stop() };
}
