import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGatewaySchema } from '../src/build-schema';
import { schemaSdl } from '../src/schema-sdl';

// Writes schema.graphql; test/integration/schema-file.test.ts fails when it is stale.
async function printSchemaFile(): Promise<void> {
  const target = join(__dirname, '..', 'schema.graphql');
  writeFileSync(target, await schemaSdl(await buildGatewaySchema()));
  console.log(`wrote ${target}`);
}

printSchemaFile().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
