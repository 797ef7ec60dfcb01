import { printSchema, type GraphQLSchema } from 'graphql';

export const SCHEMA_HEADER =
  '# Generated from the type-graphql classes by `npm run schema`. Do not edit by hand.\n\n';

/** The committed schema.graphql text for a built schema. */
export function schemaSdl(schema: GraphQLSchema): string {
  return SCHEMA_HEADER + printSchema(schema) + '\n';
}
