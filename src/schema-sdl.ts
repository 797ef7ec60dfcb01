import { execute, parse, type GraphQLSchema } from 'graphql';

export const SCHEMA_HEADER =
  '# Generated from the type-graphql classes by `npm run schema`. Do not edit by hand.\n' +
  '# This is the federation 2 subgraph SDL, exactly what `_service { sdl }` returns.\n\n';

const SERVICE_QUERY = parse('{ _service { sdl } }');

/** The committed schema.graphql text: the subgraph's own `_service { sdl }` answer. */
export async function schemaSdl(schema: GraphQLSchema): Promise<string> {
  const result = await execute({ schema, document: SERVICE_QUERY });
  const sdl = (result.data as { _service?: { sdl?: unknown } } | null | undefined)?._service?.sdl;
  if (typeof sdl !== 'string') throw new Error('the schema has no _service { sdl }');
  return `${SCHEMA_HEADER}${sdl}\n`;
}
