import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { CallLegResolver } from './resolvers/call-leg.resolver';
import { ConferenceResolver } from './resolvers/conference.resolver';
import { RecordingResolver } from './resolvers/recording.resolver';

/** Builds the executable schema from the type-graphql classes. Call once per process. */
export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [RecordingResolver, ConferenceResolver, CallLegResolver],
    // Arguments are validated where they are read (cursors, page sizes); no class-validator.
    validate: false,
  });
}
