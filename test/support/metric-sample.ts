/** A sample of a counter or gauge in a gateway's Prometheus text, 0 when absent. */
export async function sampleMetric(gateway: { readonly url: URL }, line: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', gateway.url))).text();
  const found = text.split('\n').find((row) => row.startsWith(`${line} `));
  return found === undefined ? 0 : Number(found.slice(line.length + 1));
}
