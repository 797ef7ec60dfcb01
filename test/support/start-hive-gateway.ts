import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The slice of Hive Gateway's runtime used here. */
interface HiveGatewayRuntime {
  (request: IncomingMessage, response: ServerResponse): void;
  dispose(): Promise<void> | void;
}

// Loaded untyped on purpose: its type declarations pull in the DOM library, which would retype
// fetch and Buffer for the whole test program. The config below follows its documentation.
/* eslint-disable @typescript-eslint/no-require-imports */
const { createGatewayRuntime } = require('@graphql-hive/gateway-runtime') as {
  createGatewayRuntime: (config: Record<string, unknown>) => HiveGatewayRuntime;
};
// Transports are given as the modules themselves, as the runtime loads them.
const http = require('@graphql-mesh/transport-http') as unknown;
const ws = require('@graphql-mesh/transport-ws') as unknown;
/* eslint-enable @typescript-eslint/no-require-imports */

export interface RunningHiveGateway {
  readonly url: URL;
  stop(): Promise<void>;
}

/**
 * Hive Gateway (its runtime, from npm) over a composed supergraph: it executes federated
 * subscriptions, reaching the recordings subgraph over graphql-ws, and serves clients over SSE.
 */
export async function startHiveGateway(
  supergraphSdl: string,
  subscriptionSubgraph: string,
  options: {
    /** Hive Gateway plugins, as its `plugins` option takes them (e.g. its OpenTelemetry plugin). */
    readonly plugins?: (context: unknown) => unknown[];
    /** A gateway config file's `gatewayConfig` (deploy/routers/gateway.config.ts), used as well. */
    readonly config?: Readonly<Record<string, unknown>>;
  } = {},
): Promise<RunningHiveGateway> {
  const gateway = createGatewayRuntime({
    transportEntries: {
      [subscriptionSubgraph]: {
        options: { subscriptions: { kind: 'ws', location: '/graphql' } },
      },
    },
    ...options.config,
    supergraph: supergraphSdl,
    transports: { http, ws },
    logging: process.env['HIVE_LOG'] ? 'debug' : false,
    ...(options.plugins ? { plugins: options.plugins } : {}),
  });
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/graphql`),
    stop: async () => {
      await gateway.dispose();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
