import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGatewaySchema } from '../src/build-schema';
import { Secret } from '../src/secret';
import { startGateway } from '../src/server';
import { startSimulator } from '../src/simulator/simulator-server';

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
  const key = 'bench-key';
  const simulator = await startSimulator({ apiKeys: [key] });
  const gateway = await startGateway({
    schema: await buildGatewaySchema(),
    port: 0,
    host: '127.0.0.1',
    upstreamUrl: simulator.baseUrl,
    upstreamApiKey: new Secret(key),
    upstreamTimeoutMs: 5000,
    upstreamConcurrency: 8,
    upstreamMaxConnections: 16,
    production: false,
  });
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
  await gateway.stop();
  await simulator.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
