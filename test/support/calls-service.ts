import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import type { SimDataset } from '../../src/simulator/sim-records';

/**
 * A second subgraph for composition tests and the example supergraph: a small calls service that
 * owns the details of call legs, and extends the CallLeg entity this gateway also defines.
 */
export const CALLS_SERVICE_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])

type Query {
  "Call legs, newest first."
  callLegs(first: Int = 20): [CallLeg!]!
}

enum CallDirection {
  INBOUND
  OUTBOUND
}

type CallLeg @key(fields: "id") {
  id: ID!
  "Who started the call."
  direction: CallDirection!
  "When the leg was answered (ISO 8601)."
  startedAt: String!
  "Calling number (E.164)."
  from: String!
  "Called number (E.164)."
  to: String!
}
`;

export interface CallLegDetails {
  readonly id: string;
  readonly direction: 'INBOUND' | 'OUTBOUND';
  readonly startedAt: string;
  readonly from: string;
  readonly to: string;
}

/** Details for every call leg the simulator's recordings mention, derived deterministically. */
export function callLegsFromDataset(dataset: SimDataset): CallLegDetails[] {
  const legs = new Map<string, CallLegDetails>();
  const known = [
    ...dataset.recordings.map((r) => ({ id: r.call_leg_id, startedAt: r.recording_started_at })),
    ...dataset.participants.map((p) => ({ id: p.call_leg_id, startedAt: p.created_at })),
  ];
  for (const { id, startedAt } of known) {
    if (id === null || legs.has(id)) continue;
    const n = legs.size;
    legs.set(id, {
      id,
      direction: n % 2 === 0 ? 'INBOUND' : 'OUTBOUND',
      startedAt,

      from: `+1555${String(1_000_000 + n).slice(1)}`,
      to: `+1444${String(2_000_000 + n).slice(1)}`,
    });
  }
  return [...legs.values()];
}

export interface RunningCallsService {
  readonly url: URL;
  /** Operations the service executed, to count what the router sent it. */
  readonly operations: string[];
  stop(): Promise<void>;
}

export async function startCallsService(
  legs: readonly CallLegDetails[],
  port = 0,
): Promise<RunningCallsService> {
  const byId = new Map(legs.map((leg) => [leg.id, leg]));
  const operations: string[] = [];
  const server = new ApolloServer({
    schema: buildSubgraphSchema({
      typeDefs: parse(CALLS_SERVICE_SDL),
      resolvers: {
        Query: { callLegs: (_: unknown, { first }: { first: number }) => legs.slice(0, first) },
        CallLeg: { __resolveReference: ({ id }: { id: string }) => byId.get(id) ?? null },
      },
    }),
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      {
        requestDidStart: ({ request }) => {
          operations.push(request.query ?? '');
          return Promise.resolve();
        },
      },
    ],
  });
  const { url } = await startStandaloneServer(server, { listen: { port, host: '127.0.0.1' } });
  return { url: new URL(url), operations, stop: () => server.stop() };
}
