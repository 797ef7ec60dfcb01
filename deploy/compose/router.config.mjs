// Hive Gateway settings for compose.yaml's router (mounted as /gateway/gateway.config.mjs). Plain
// JavaScript importing only Node: it loads in the official image unchanged.
import { readFileSync } from 'node:fs';
import { lookup } from 'node:dns/promises';

// The example client's trusted documents (`npm run codegen` writes them; mounted here): it sends
// `{ documentId: "sha256:<hex>" }`, never a query's text. Other clients may still send text.
const documents = JSON.parse(readFileSync('/gateway/persisted-documents.json', 'utf8'));

let turn = 0;

export const gatewayConfig = {
  persistedDocuments: {
    extractPersistedOperationId: (params) =>
      typeof params.documentId === 'string' ? params.documentId : null,
    getPersistedOperation: (id) => documents[id] ?? null,
    allowArbitraryDocuments: true,
  },
  plugins: () => [
    {
      // Compose's DNS answers every replica of `gateway`, but a connection pool keeps to the
      // first address it got: take the replicas in turn, as a Kubernetes Service would.
      async onFetch({ url, setURL }) {
        const target = new URL(url);
        if (target.hostname !== 'gateway') return;
        const replicas = await lookup(target.hostname, { all: true, family: 4 });
        const replica = replicas[turn++ % replicas.length];
        if (!replica) return;
        target.hostname = replica.address;
        setURL(target);
      },
    },
  ],
};
