import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap } from 'type-graphql';
import { CallLegResolver } from './resolvers/call-leg.resolver';
import { callLegReference } from './resolvers/call-leg.reference';
import { ConferenceResolver } from './resolvers/conference.resolver';
import { conferenceReference } from './resolvers/conference.reference';
import { RecordingResolver } from './resolvers/recording.resolver';
import { recordingReference } from './resolvers/recording.reference';

/** Federation 2, importing only the directives the schema uses. */
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])';

type ResolverMap = Parameters<typeof buildSubgraphSchema>[0] extends infer T
  ? T extends { resolvers?: infer R }
    ? R
    : never
  : never;

/**
 * Builds the served schema once per process: the type-graphql classes printed with their
 * directives, then rebuilt by @apollo/subgraph, which adds `_service`, `_entities` and the
 * entity reference resolvers.
 */
export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  const classSchema = await buildSchema({
    resolvers: [RecordingResolver, ConferenceResolver, CallLegResolver],
    // Arguments are validated where they are read (cursors, page sizes); no class-validator.
    validate: false,
    // Federation directives are declared by @apollo/subgraph, not here.
    skipCheck: true,
  });
  const typeDefs = parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(classSchema)}`);
  const classResolvers = createResolversMap(classSchema) as Record<string, object>;
  const resolvers = {
    ...classResolvers,
    Recording: { ...classResolvers['Recording'], ...recordingReference },
    Conference: { ...classResolvers['Conference'], ...conferenceReference },
    CallLeg: { ...classResolvers['CallLeg'], ...callLegReference },
  } as ResolverMap;
  return buildSubgraphSchema({ typeDefs, resolvers });
}
