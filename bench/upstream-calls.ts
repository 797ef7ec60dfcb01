import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config/config';
import { createLogger } from '../src/observability/logger';
import { startApp } from '../src/start-app';

// Prints upstream calls per query for the example pages, next to what resolving each link with
// its own upstream call (no DataLoader) would cost. `npm run bench:calls`.

interface Scenario {
  readonly name: string;
  readonly operation: string;
  readonly variables: Record<string, unknown>;
}

const operation = (file: string): string =>
  readFileSync(join(__dirname, '..', 'test', 'operations', file), 'utf8');

async function main(): Promise<void> {
  const app = await startApp(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      CACHE_TTL_SECONDS: '0',
      CLIENT_RATE_LIMIT_PER_MINUTE: '0',
      GRAPHQL_MAX_UPSTREAM_CALLS: '1000',
    }),
    createLogger({ level: 'warn' }),
  );
  const { gateway } = app;
  const simulator = app.simulator;
  if (!simulator) throw new Error('expected the embedded simulator');
  const scenarios: Scenario[] = [
    {
      name: '50 recordings + conference { name status }',
      operation: operation('RecordingsWithConferences.graphql'),
      variables: { first: 50 },
    },
    {
      name: '250 recordings + conference { name status }',
      operation: operation('RecordingsWithConferences.graphql'),
      variables: { first: 250 },
    },
    {
      name: '50 recordings + conference { id } + callLeg { id }',
      operation: operation('RecordingsWithConferenceIds.graphql'),
      variables: { first: 50 },
    },
  ];
  const rows: string[] = [];
  for (const scenario of scenarios) {
    simulator.clearRequests();
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: scenario.operation, variables: scenario.variables }),
    });
    await response.json();
    const first = Number(scenario.variables['first']);
    const page = simulator.dataset.recordings.slice(0, first);
    const naive = 1 + page.filter((recording) => recording.conference_id !== null).length;
    const distinct = new Set(page.map((recording) => recording.conference_id).filter(Boolean)).size;
    rows.push(`| ${scenario.name} | ${simulator.requests.length} | ${naive} | ${distinct} |`);
  }
  console.log(
    '| query | upstream calls (gateway) | naive (one call per link) | distinct conferences |',
  );
  console.log('|---|---|---|---|');
  for (const row of rows) console.log(row);
  await app.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
