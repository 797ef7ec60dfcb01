import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGatewaySchema } from '../../src/build-schema';
import { apiSchemaSdl, schemaSdl } from '../../src/schema-sdl';

describe('schema.graphql', () => {
  it('matches the schema built from the type-graphql classes (run `npm run schema` when it does not)', async () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'schema.graphql'), 'utf8');
    expect(await schemaSdl(await buildGatewaySchema())).toBe(committed);
  });

  it('has schema.api.graphql beside it, current, for tools that do not read federation SDL', async () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'schema.api.graphql'), 'utf8');
    expect(apiSchemaSdl(await buildGatewaySchema())).toBe(committed);
    expect(committed).not.toMatch(/^extend schema/m);
  });
});
