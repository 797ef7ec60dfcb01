import { printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';

export const SCHEMA_HEADER =
  '# Generated from the type-graphql classes by `npm run schema`. Do not edit by hand.\n' +
  '# This is the federation 2 subgraph SDL, exactly what `_service { sdl }` returns.\n\n';

/** The committed schema.graphql text for the built subgraph schema. */
export function schemaSdl(schema: GraphQLSchema): string {
  return SCHEMA_HEADER + printSubgraphSchema(schema) + '\n';
}
