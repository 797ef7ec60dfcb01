import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';

export interface RunningExample {
  /** The page's origin, e.g. http://127.0.0.1:5173 (a gateway's CORS_ORIGINS needs it). */
  readonly origin: string;
  /** The page, pointed at a gateway: `${origin}/?gateway=...`. */
  pageFor(gateway: URL, token?: string): string;
  close(): Promise<void>;
}

/**
 * Bundles the example client (esbuild, in memory) and serves it on an origin of its own, as a
 * frontend's static host would: the page and its script, nothing else.
 */
export async function startExampleServer(port = 0, host = '127.0.0.1'): Promise<RunningExample> {
  const bundle = await build({
    entryPoints: [join(__dirname, 'src', 'main.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: 'inline',
  });
  const script = bundle.outputFiles[0]?.contents ?? new Uint8Array();
  const page = readFileSync(join(__dirname, 'index.html'));
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/' || path === '/index.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    } else if (path === '/main.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  const origin = `http://${host}:${address.port}`;
  return {
    origin,
    pageFor: (gateway, token) =>
      `${origin}/?gateway=${encodeURIComponent(gateway.href)}${token ? `#token=${token}` : ''}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
