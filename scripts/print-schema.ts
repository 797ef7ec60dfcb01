import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGatewaySchema } from '../src/build-schema';
import { apiSchemaSdl, schemaSdl } from '../src/schema-sdl';

// Writes schema.graphql and schema.api.graphql; test/integration/schema-file.test.ts fails when
// either is stale.
async function printSchemaFile(): Promise<void> {
  const schema = await buildGatewaySchema();
  const target = join(__dirname, '..', 'schema.graphql');
  writeFileSync(target, await schemaSdl(schema));
  console.log(`wrote ${target}`);
  const api = join(__dirname, '..', 'schema.api.graphql');
  writeFileSync(api, apiSchemaSdl(schema));
  console.log(`wrote ${api}`);
}

printSchemaFile().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
