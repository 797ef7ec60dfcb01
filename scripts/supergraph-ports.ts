// Ports of `npm run supergraph:serve`, clear of `npm start`'s 4000; SUPERGRAPH_BASE_PORT moves
// all three.
const base = Number(process.env['SUPERGRAPH_BASE_PORT'] ?? 4100);

export const SUPERGRAPH_PORTS = { recordings: base, calls: base + 1, router: base + 2 } as const;
