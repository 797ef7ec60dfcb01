import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startSimulator, type RunningSimulator } from '../src/simulator/simulator-server';
import { signWebhook, webhookEnvelope } from '../src/simulator/webhook-sender';
import { startGatewayProcess } from './gateway-process';

// Webhook-to-subscriber delivery: one gateway process with N graphql-ws subscribers of
// recordingSaved (server key, cache on, identical documents: one shared execution); signed
// webhooks arrive at a steady RATE per second for SECONDS, and every subscriber's arrival is
// timed from just before its webhook was sent. Each row: delivery ratio (deliveries over
// subscribers x events), subscribers ended with SUBSCRIBER_TOO_SLOW (never a silent gap),
// p50/p99/max and the gateway's RSS. The subscribers run in this one process on the same cores
// as the gateway: at 3,000 x 50/s the client side is part of what is measured.
// `npm run bench:live` (builds first). ROWS="1000x5,1000x50,3000x5,3000x50", SECONDS,
// UPSTREAM_LATENCY_MS, GATEWAY_NODE_FLAGS (Node flags for the gateway, e.g. --cpu-prof).

const ROWS = (process.env['ROWS'] ?? '1000x5,1000x50,3000x5,3000x50').split(',').map((row) => {
  const [subscribers = '0', rate = '0'] = row.split('x');
  return { subscribers: Number(subscribers), rate: Number(rate) };
});
const SECONDS = Number(process.env['SECONDS'] ?? 10);
const UPSTREAM_LATENCY_MS = Number(process.env['UPSTREAM_LATENCY_MS'] ?? 5);
const API_KEY = 'bench-live-key';

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

interface Row {
  readonly subscribers: number;
  readonly rate: number;
  readonly events: number;
  readonly deliveries: number;
  readonly tooSlow: number;
  readonly latencies: number[];
  readonly rssIdle: number;
  readonly rssWith: number;
  readonly rssAfter: number;
}

async function runRow(
  simulator: RunningSimulator,
  subscribers: number,
  rate: number,
): Promise<Row> {
  const gateway = await startGatewayProcess(
    {
      UPSTREAM_URL: simulator.baseUrl.href,
      UPSTREAM_API_KEY: API_KEY,
      AUTH_DISABLED: 'true',
      WEBHOOK_PUBLIC_KEY: simulator.webhooks.keys.publicKey,
      LOG_LEVEL: 'warn',
      HTTP_MAX_CONNECTIONS: '20000',
      SUBSCRIPTIONS_MAX_CONNECTIONS: '10000',
      SUBSCRIPTIONS_PER_CLIENT: '10000',
      SUBSCRIPTIONS_SUBSCRIBES_PER_MINUTE: '100000',
    },
    // e.g. GATEWAY_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/live-profile"
    (process.env['GATEWAY_NODE_FLAGS'] ?? '').split(' ').filter(Boolean),
  );
  await sleep(500);
  const rssIdle = gateway.rssMiB();
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let tooSlow = 0;
  const clients: Client[] = [];
  for (let index = 0; index < subscribers; index += 1) {
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
          const at = sentAt.get(result.data?.recordingSaved.id ?? '');
          if (at !== undefined) latencies.push(performance.now() - at);
        },
        error: (error) => {
          const code = (error as { extensions?: { code?: unknown } }[])[0]?.extensions?.code;
          if (code === 'SUBSCRIBER_TOO_SLOW') tooSlow += 1;
          else console.error('subscription failed', error);
        },
        complete: () => undefined,
      },
    );
    // Connect in waves, as clients arrive, not all in one tick.
    if (index % 100 === 99) await sleep(50);
  }
  // Every subscription running before the first event: one that starts later has not missed it.
  const metrics = new URL('/metrics', gateway.url);
  const ready = performance.now() + 30_000;
  while (performance.now() < ready) {
    const text = await (await fetch(metrics)).text();
    const active = /graphql_subscriptions_active\{transport="websocket"\} (\d+)/.exec(text)?.[1];
    if (Number(active) >= subscribers) break;
    await sleep(250);
  }
  await sleep(500);
  const rssWith = gateway.rssMiB();

  const webhooks = new URL('/webhooks', gateway.url);
  const events = rate * SECONDS;
  const posts: Promise<unknown>[] = [];
  const start = performance.now();
  for (let event = 0; event < events; event += 1) {
    const due = start + (event * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const recording = simulator.addRecording();
    const body = webhookEnvelope(
      'call.recording.saved',
      { recording_id: recording.id, call_leg_id: recording.call_leg_id },
      webhooks.href,
    );
    sentAt.set(recording.id, performance.now());
    posts.push(
      fetch(webhooks, {
        method: 'POST',
        headers: signWebhook(simulator.webhooks.keys.privateKey, body),
        body,
      }).then((response) => response.arrayBuffer()),
    );
  }
  await Promise.all(posts);
  const expected = subscribers * events;
  const deadline = performance.now() + 30_000;
  while (latencies.length + tooSlow < expected && performance.now() < deadline) await sleep(50);
  await sleep(500);
  const rssAfter = gateway.rssMiB();
  for (const client of clients) void client.dispose();
  await gateway.stop();
  latencies.sort((a, b) => a - b);
  return {
    subscribers,
    rate,
    events,
    deliveries: latencies.length,
    tooSlow,
    latencies,
    rssIdle,
    rssWith,
    rssAfter,
  };
}

async function main(): Promise<void> {
  const simulator = await startSimulator({
    apiKeys: [API_KEY],
    latencyMs: UPSTREAM_LATENCY_MS,
    recordRequests: false,
  });
  const load = loadavg()[0]?.toFixed(2) ?? '?';
  const lines = [
    '| subscribers | events/s | events | delivered | SUBSCRIBER_TOO_SLOW | p50 ms | p99 ms | max ms | RSS idle MiB | RSS with subscribers MiB | RSS after events MiB |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { subscribers, rate } of ROWS) {
    const row = await runRow(simulator, subscribers, rate);
    const ratio = (100 * row.deliveries) / (row.subscribers * row.events);
    // Floored: 99.997% must not print as 100.00%.
    const line =
      `| ${row.subscribers} | ${row.rate} | ${row.events} | ${(Math.floor(ratio * 100) / 100).toFixed(2)}% ` +
      `(${row.deliveries}) | ${row.tooSlow} | ${percentile(row.latencies, 50).toFixed(1)} | ` +
      `${percentile(row.latencies, 99).toFixed(1)} | ${(row.latencies.at(-1) ?? NaN).toFixed(1)} | ` +
      `${row.rssIdle.toFixed(0)} | ${row.rssWith.toFixed(0)} | ${row.rssAfter.toFixed(0)} |`;
    console.log(line);
    lines.push(line);
  }
  const table = lines.join('\n');
  writeFileSync(
    join(__dirname, 'LIVE.md'),
    `# Live updates (last run of \`npm run bench:live\`)\n\n` +
      `Machine: ${cpus().length} cores (shared; 1-minute load average ${load} at the start), ` +
      `Node ${process.version}; one gateway process per row (server key, cache on), upstream ` +
      `${UPSTREAM_LATENCY_MS} ms; webhooks at a steady rate for ${SECONDS} s; delivered: arrived within 30 s after the last webhook; latency from just ` +
      `before each signed webhook is sent to each subscriber's arrival; the subscribers run in ` +
      `the bench process on the same cores. ${new Date().toISOString()}\n\n${table}\n`,
  );
  await simulator.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
