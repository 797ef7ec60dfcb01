import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { buildGatewaySchema } from '../src/build-schema';
import { Secret } from '../src/secret';
import { startGateway } from '../src/server';
import { startSimulator } from '../src/simulator/simulator-server';
import { callLegsFromDataset, startCallsService } from '../test/support/calls-service';
import { composeSupergraph, startRouter } from '../test/support/start-supergraph';

// `npm run supergraph:serve`: the example supergraph on this machine. The recordings subgraph
// (this gateway, on the embedded simulator) on :4000, the example calls service on :4001, and
// @apollo/gateway composing both on :4002.
async function serveSupergraph(): Promise<void> {
  const key = new Secret(randomUUID());
  const simulator = await startSimulator({ apiKeys: [key.reveal()] });
  const recordings = await startGateway({
    schema: await buildGatewaySchema(),
    port: 4000,
    host: '127.0.0.1',
    upstreamUrl: simulator.baseUrl,
    upstreamApiKey: key,
    upstreamTimeoutMs: 5000,
    upstreamConcurrency: 8,
    upstreamMaxConnections: 32,
    production: false,
  });
  const calls = await startCallsService(callLegsFromDataset(simulator.dataset), 4001);
  const { supergraphSdl } = composeSupergraph({ recordings: recordings.url, calls: calls.url });
  const router = await startRouter(supergraphSdl, 4002);
  console.log(`recordings subgraph  ${recordings.url.href}`);
  console.log(`calls subgraph       ${calls.url.href}`);
  console.log(
    `supergraph gateway   ${router.url.href}  (try: { callLegs(first: 3) { id direction recordings { totalCount } } })`,
  );

  const stop = (): void => {
    void (async () => {
      await router.stop();
      await calls.stop();
      await recordings.stop();
      await simulator.close();
      process.exit(0);
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

serveSupergraph().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
