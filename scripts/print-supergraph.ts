import { writeFileSync } from 'node:fs';
import { composeSupergraph } from '../test/support/start-supergraph';
import { SUPERGRAPH_PORTS } from './supergraph-ports';

// `npm run supergraph [-- --out supergraph.graphql]`: composes schema.graphql with the example
// calls service (test/support) and prints the supergraph SDL, ready for Apollo Router
// (`--supergraph`) or @apollo/gateway. With --out it writes the file instead (npm prints its own
// banner on stdout, so `npm run supergraph > file` needs `npm run -s`). Subgraph URLs default to
// `npm run supergraph:serve`'s; override them with RECORDINGS_SUBGRAPH_URL and CALLS_SUBGRAPH_URL.
const recordings = new URL(
  process.env['RECORDINGS_SUBGRAPH_URL'] ??
    `http://localhost:${SUPERGRAPH_PORTS.recordings}/graphql`,
);
const calls = new URL(
  process.env['CALLS_SUBGRAPH_URL'] ?? `http://localhost:${SUPERGRAPH_PORTS.calls}/`,
);

const { supergraphSdl, hints } = composeSupergraph({ recordings, calls });
for (const hint of hints) console.error(`composition hint: ${hint}`);
const text = supergraphSdl.endsWith('\n') ? supergraphSdl : `${supergraphSdl}\n`;
const outIndex = process.argv.indexOf('--out');
const out = outIndex >= 0 ? process.argv[outIndex + 1] : undefined;
if (out) {
  writeFileSync(out, text);
  console.error(`wrote ${out}`);
} else {
  process.stdout.write(text);
}
