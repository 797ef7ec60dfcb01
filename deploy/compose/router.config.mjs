// Hive Gateway settings for compose.yaml's router (mounted as /gateway/gateway.config.mjs).
// Compose's DNS answers every replica of the `gateway` service, but a connection pool keeps using
// the first address it got: the router takes the replicas in turn itself, as a Kubernetes Service
// would. Plain JavaScript with no imports but Node's: it loads in the official image unchanged.
import { lookup } from 'node:dns/promises';

let turn = 0;

export const gatewayConfig = {
  plugins: () => [
    {
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
