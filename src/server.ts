import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { createContextFactory, type GatewayContext } from './context';
import { formatError } from './format-error';
import { SANDBOX_EXAMPLE_OPERATION, SANDBOX_EXAMPLE_VARIABLES } from './sandbox-example';
import type { Secret } from './secret';
import { RecordingsApiClient } from './upstream/recordings-api-client';

export interface GatewayOptions {
  readonly schema: GraphQLSchema;
  readonly port: number;
  readonly host: string;
  readonly upstreamUrl: URL;
  readonly upstreamApiKey: Secret | null;
  readonly upstreamTimeoutMs: number;
  readonly upstreamConcurrency: number;
  readonly upstreamMaxConnections: number;
  readonly production: boolean;
  /** Defaults to !production. */
  readonly introspection?: boolean;
  readonly logError?: (message: string, error: unknown) => void;
}

export interface RunningGateway {
  /** e.g. http://127.0.0.1:4000/graphql */
  readonly url: URL;
  readonly httpServer: Server;
  /** Stops accepting, drains in-flight requests, closes upstream sockets. */
  stop(): Promise<void>;
}

export const GRAPHQL_PATH = '/graphql';
const MAX_BODY = '100kb';

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const client = new RecordingsApiClient({
    baseUrl: options.upstreamUrl,
    timeoutMs: options.upstreamTimeoutMs,
    maxConnections: options.upstreamMaxConnections,
  });
  const createContext = createContextFactory({
    client,
    serverApiKey: options.upstreamApiKey,
    upstreamConcurrency: options.upstreamConcurrency,
  });
  const logError = options.logError ?? ((message, error) => console.error(message, error));

  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);
  const apollo = new ApolloServer<GatewayContext>({
    schema: options.schema,
    introspection: options.introspection ?? !options.production,
    // main.ts owns signals: it stops the gateway, then the simulator, then exits.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !options.production,
    formatError: (formatted, original) =>
      formatError(formatted, (error) => logError('unexpected resolver error', error), original),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Federated traces go to the router only when it asks; error text stays here.
      ApolloServerPluginInlineTrace({ includeErrors: { masked: true } }),
      options.production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({
            embed: { endpointIsEditable: false },
            document: SANDBOX_EXAMPLE_OPERATION,
            variables: SANDBOX_EXAMPLE_VARIABLES,
            includeCookies: false,
          }),
    ],
  });
  await apollo.start();

  app.use(
    GRAPHQL_PATH,
    express.json({ limit: MAX_BODY }),
    expressMiddleware(apollo, {
      context: ({ req }) => Promise.resolve(createContext(req.headers.authorization)),
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  const { address, port } = httpServer.address() as AddressInfo;
  const host = address === '0.0.0.0' || address === '::' ? 'localhost' : address;

  return {
    url: new URL(`http://${host.includes(':') ? `[${host}]` : host}:${port}${GRAPHQL_PATH}`),
    httpServer,
    stop: async () => {
      await apollo.stop();
      await client.close();
    },
  };
}
