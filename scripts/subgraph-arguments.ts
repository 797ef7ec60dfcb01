import { readFileSync } from 'node:fs';
import type { OtherSubgraph } from '../test/support/start-supergraph';

const USAGE =
  'give subgraphs as name=<URL> (its SDL is read from `_service { sdl }`) or ' +
  'name=<SDL file>,<routing URL>';

/** The SDL a running subgraph serves, as a router would read it. */
async function fetchSdl(url: URL, authorization: string | undefined): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(authorization ? { authorization } : {}),
    },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const body = (await response.json()) as { data?: { _service?: { sdl?: unknown } } };
  const sdl = body.data?._service?.sdl;
  if (typeof sdl !== 'string') throw new Error(`${url.href} answered no _service { sdl }`);
  return sdl;
}

/**
 * Subgraphs from the command line: `calls=http://localhost:4101/` (SDL read from the running
 * subgraph, with SUBGRAPH_AUTHORIZATION if it needs one) or
 * `inventory=./inventory.graphql,https://inventory.example.com/graphql` (SDL from a file).
 */
export async function subgraphsFromArguments(args: readonly string[]): Promise<OtherSubgraph[]> {
  const subgraphs: OtherSubgraph[] = [];
  for (const arg of args) {
    const match = /^([A-Za-z_][A-Za-z0-9_-]*)=(.+)$/.exec(arg);
    if (!match?.[1] || !match[2]) throw new Error(`"${arg}": ${USAGE}`);
    const [, name, source] = match;
    if (/^https?:\/\//.test(source)) {
      const url = new URL(source);
      subgraphs.push({
        name,
        url,
        sdl: await fetchSdl(url, process.env['SUBGRAPH_AUTHORIZATION']),
      });
      continue;
    }
    const [file, routingUrl] = source.split(',');
    if (!file || !routingUrl) throw new Error(`"${arg}": ${USAGE}`);
    subgraphs.push({ name, url: new URL(routingUrl), sdl: readFileSync(file, 'utf8') });
  }
  return subgraphs;
}
