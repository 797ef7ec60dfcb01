import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildGatewaySchema } from '../../src/build-schema';
import { Secret } from '../../src/secret';
import { startGateway, type RunningGateway } from '../../src/server';
import {
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../src/simulator/simulator-server';

export const TEST_API_KEY = 'test-key-5f2c9a';

export interface StackOptions {
  /** false: the gateway forwards each client's bearer token instead of using a server key. */
  readonly serverKey?: boolean;
  readonly upstreamConcurrency?: number;
  readonly upstreamTimeoutMs?: number;
  readonly production?: boolean;
  readonly introspection?: boolean;
  readonly simulator?: Partial<SimulatorOptions>;
}

export interface Stack {
  readonly simulator: RunningSimulator;
  readonly gateway: RunningGateway;
  /** What the gateway logged as unexpected errors. */
  readonly errorLog: string[];
  close(): Promise<void>;
}

let schema: Promise<GraphQLSchema> | undefined;

/** The simulator and a gateway on ephemeral loopback ports, talking real HTTP. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  schema ??= buildGatewaySchema();
  const simulator = await startSimulator({ apiKeys: [TEST_API_KEY], ...options.simulator });
  const errorLog: string[] = [];
  const gateway = await startGateway({
    schema: await schema,
    port: 0,
    host: '127.0.0.1',
    upstreamUrl: simulator.baseUrl,
    upstreamApiKey: options.serverKey === false ? null : new Secret(TEST_API_KEY),
    upstreamTimeoutMs: options.upstreamTimeoutMs ?? 5000,
    upstreamConcurrency: options.upstreamConcurrency ?? 8,
    upstreamMaxConnections: 16,
    production: options.production ?? false,
    ...(options.introspection === undefined ? {} : { introspection: options.introspection }),
    logError: (message, error) => errorLog.push(`${message}: ${String(error)}`),
  });
  return {
    simulator,
    gateway,
    errorLog,
    close: async () => {
      await gateway.stop();
      await simulator.close();
    },
  };
}
