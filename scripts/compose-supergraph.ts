import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeSupergraph } from '../test/support/start-supergraph';

// `npm run compose:supergraph`: writes deploy/compose/supergraph.graphql, the supergraph compose.yaml's
// router (Hive Gateway) serves: schema.graphql alone, routed to the `gateway` service's replicas.
// Run it after `npm run schema` changes the SDL; a test fails while the file is stale.
export const COMPOSE_SUPERGRAPH_PATH = join(
  __dirname,
  '..',
  'deploy',
  'compose',
  'supergraph.graphql',
);

if (require.main === module) {
  const { supergraphSdl } = composeSupergraph({
    recordings: new URL('http://gateway:4000/graphql'),
  });
  writeFileSync(
    COMPOSE_SUPERGRAPH_PATH,
    supergraphSdl.endsWith('\n') ? supergraphSdl : `${supergraphSdl}\n`,
  );
  console.error(`wrote ${COMPOSE_SUPERGRAPH_PATH}`);
}
