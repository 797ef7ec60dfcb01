import { writeFileSync } from 'node:fs';
import { composeSupergraph } from '../test/support/start-supergraph';
import { subgraphsFromArguments } from './subgraph-arguments';
import { SUPERGRAPH_PORTS } from './supergraph-ports';

// `npm run supergraph [-- name=<URL> | name=<SDL file>,<routing URL> ...] [--out FILE]`: composes
// schema.graphql with the subgraphs given (with none, the example calls service in test/support)
// and prints the supergraph SDL, ready for Apollo Router (`--supergraph`), Hive Gateway or
// @apollo/gateway; hints go to stderr. With --out it writes the file instead (npm prints its own
// banner on stdout, so `npm run supergraph > file` needs `npm run -s`). Our routing URL defaults
// to `npm run supergraph:serve`'s: RECORDINGS_SUBGRAPH_URL overrides it (CALLS_SUBGRAPH_URL the
// example's).
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const out = outIndex >= 0 ? args[outIndex + 1] : undefined;
  const given = args.filter(
    (_, index) => outIndex < 0 || (index !== outIndex && index !== outIndex + 1),
  );
  const recordings = new URL(
    process.env['RECORDINGS_SUBGRAPH_URL'] ??
      `http://localhost:${SUPERGRAPH_PORTS.recordings}/graphql`,
  );
  const others = await subgraphsFromArguments(given);
  const calls =
    others.length > 0
      ? undefined
      : new URL(process.env['CALLS_SUBGRAPH_URL'] ?? `http://localhost:${SUPERGRAPH_PORTS.calls}/`);
  const { supergraphSdl, hints } = composeSupergraph(
    calls ? { recordings, calls } : { recordings },
    undefined,
    others,
  );
  for (const hint of hints) console.error(`composition hint: ${hint}`);
  const text = supergraphSdl.endsWith('\n') ? supergraphSdl : `${supergraphSdl}\n`;
  if (out) {
    writeFileSync(out, text);
    console.error(`wrote ${out}`);
  } else {
    process.stdout.write(text);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
