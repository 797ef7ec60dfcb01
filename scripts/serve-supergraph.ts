import 'reflect-metadata';
import { loadConfig } from '../src/config/config';
import { createLogger } from '../src/observability/logger';
import { startApp } from '../src/start-app';
import { callLegsFromDataset, startCallsService } from '../test/support/calls-service';
import { composeSupergraph, startRouter } from '../test/support/start-supergraph';
import { SUPERGRAPH_PORTS } from './supergraph-ports';

// `npm run supergraph:serve`: the example supergraph on this machine. The recordings subgraph
// (this gateway, on the embedded simulator) on :4100, the example calls service on :4101, and
// @apollo/gateway composing both on :4102 (SUPERGRAPH_BASE_PORT moves them).
async function serveSupergraph(): Promise<void> {
  const app = await startApp(
    loadConfig({ PORT: String(SUPERGRAPH_PORTS.recordings), HOST: '127.0.0.1' }),
    createLogger({ level: 'warn' }),
  );
  const recordings = app.gateway;
  const simulator = app.simulator;
  if (!simulator) throw new Error('expected the embedded simulator');
  const calls = await startCallsService(
    callLegsFromDataset(simulator.dataset),
    SUPERGRAPH_PORTS.calls,
  );
  const { supergraphSdl } = composeSupergraph({ recordings: recordings.url, calls: calls.url });
  const router = await startRouter(supergraphSdl, SUPERGRAPH_PORTS.router);
  console.log(`recordings subgraph  ${recordings.url.href}`);
  console.log(`calls subgraph       ${calls.url.href}`);
  console.log(
    `supergraph gateway   ${router.url.href}  (try: { callLegs(first: 3) { id direction recordings { totalCount } } })`,
  );

  const stop = (): void => {
    void (async () => {
      await router.stop();
      await calls.stop();
      await app.stop();
      process.exit(0);
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

serveSupergraph().catch((error: unknown) => {
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE') {
    const { recordings, router } = SUPERGRAPH_PORTS;
    console.error(
      `A port from ${recordings} to ${router} is taken (another supergraph:serve?). ` +
        'Stop it, or move all three ports: SUPERGRAPH_BASE_PORT=5100 npm run supergraph:serve',
    );
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
