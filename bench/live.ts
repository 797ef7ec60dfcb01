import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startSimulator } from '../src/simulator/simulator-server';
import { startGatewayProcess } from './gateway-process';

// Webhook-to-subscriber latency: one gateway process with SUBSCRIBERS graphql-ws subscribers of
// recordingSaved (server key, cache on); the simulator saves EVENTS recordings, each announced
// by a signed webhook, and every subscriber's arrival time is taken from just before the
// webhook is sent. Prints p50/p99/max and the gateway's RSS before and with the subscribers.
// `npm run bench:live` (builds first). SUBSCRIBERS, EVENTS, UPSTREAM_LATENCY_MS.

const SUBSCRIBERS = Number(process.env['SUBSCRIBERS'] ?? 1000);
const EVENTS = Number(process.env['EVENTS'] ?? 30);
const UPSTREAM_LATENCY_MS = Number(process.env['UPSTREAM_LATENCY_MS'] ?? 5);
const API_KEY = 'bench-live-key';

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

async function main(): Promise<void> {
  const simulator = await startSimulator({
    apiKeys: [API_KEY],
    latencyMs: UPSTREAM_LATENCY_MS,
    recordRequests: false,
  });
  const gateway = await startGatewayProcess({
    UPSTREAM_URL: simulator.baseUrl.href,
    UPSTREAM_API_KEY: API_KEY,
    AUTH_DISABLED: 'true',
    WEBHOOK_PUBLIC_KEY: simulator.webhooks.keys.publicKey,
    LOG_LEVEL: 'warn',
  });
  simulator.webhooks.target = new URL('/webhooks', gateway.url);
  await sleep(500);
  const rssBefore = gateway.rssMiB();

  const arrivals = new Map<string, number[]>();
  const clients: Client[] = [];
  let subscribed = 0;
  for (let index = 0; index < SUBSCRIBERS; index += 1) {
    const client = createClient({
      url: gateway.url.href.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
    });
    clients.push(client);
    client.subscribe<{ recordingSaved: { id: string } }>(
      { query: 'subscription { recordingSaved { id durationMillis callLegId } }' },
      {
        next: (result) => {
          const id = result.data?.recordingSaved.id;
          if (id) arrivals.get(id)?.push(performance.now());
        },
        error: (error) => console.error('subscription failed', error),
        complete: () => undefined,
      },
    );
    subscribed += 1;
    // Connect in waves, as clients arrive, not all in one tick.
    if (index % 100 === 99) await sleep(50);
  }
  await sleep(2000);
  const rssWith = gateway.rssMiB();

  const latencies: number[] = [];
  let complete = 0;
  for (let event = 0; event < EVENTS; event += 1) {
    const sentAt = performance.now();
    const pending: number[] = [];
    const recording = simulator.addRecording();
    arrivals.set(recording.id, pending);
    await simulator.webhooks.send('call.recording.saved', {
      recording_id: recording.id,
      call_leg_id: recording.call_leg_id,
    });
    const deadline = performance.now() + 10_000;
    while (pending.length < subscribed && performance.now() < deadline) await sleep(5);
    if (pending.length === subscribed) complete += 1;
    for (const at of pending) latencies.push(at - sentAt);
    await sleep(200);
  }
  const rssAfter = gateway.rssMiB();
  latencies.sort((a, b) => a - b);
  const table = [
    '| subscribers | events | deliveries | events reaching every subscriber | p50 ms | p99 ms | max ms | RSS idle MiB | RSS with subscribers MiB | RSS after events MiB |',
    '|---|---|---|---|---|---|---|---|---|---|',
    `| ${subscribed} | ${EVENTS} | ${latencies.length} | ${complete}/${EVENTS} | ` +
      `${percentile(latencies, 50).toFixed(1)} | ${percentile(latencies, 99).toFixed(1)} | ` +
      `${(latencies.at(-1) ?? NaN).toFixed(1)} | ${rssBefore.toFixed(0)} | ${rssWith.toFixed(0)} | ` +
      `${rssAfter.toFixed(0)} |`,
  ].join('\n');
  console.log(table);
  writeFileSync(
    join(__dirname, 'LIVE.md'),
    `# Live updates (last run of \`npm run bench:live\`)\n\n` +
      `Machine: ${cpus().length} cores, Node ${process.version}; one gateway process (server key, ` +
      `cache on), upstream ${UPSTREAM_LATENCY_MS} ms; latency from just before the signed webhook ` +
      `is sent to each subscriber's arrival. ${new Date().toISOString()}\n\n${table}\n`,
  );
  for (const client of clients) void client.dispose();
  await gateway.stop();
  await simulator.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
