import { composeSupergraph } from '../test/support/start-supergraph';

// `npm run supergraph`: composes schema.graphql with the example calls service (test/support) and
// prints the supergraph SDL, ready for Apollo Router (`--supergraph`) or @apollo/gateway.
// Subgraph URLs default to `npm run supergraph:serve`'s ports; override them with
// RECORDINGS_SUBGRAPH_URL and CALLS_SUBGRAPH_URL.
const recordings = new URL(
  process.env['RECORDINGS_SUBGRAPH_URL'] ?? 'http://localhost:4000/graphql',
);
const calls = new URL(process.env['CALLS_SUBGRAPH_URL'] ?? 'http://localhost:4001/');

const { supergraphSdl, hints } = composeSupergraph({ recordings, calls });
for (const hint of hints) console.error(`composition hint: ${hint}`);
process.stdout.write(supergraphSdl.endsWith('\n') ? supergraphSdl : `${supergraphSdl}\n`);
