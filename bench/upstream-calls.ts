import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config/config';
import { createLogger } from '../src/observability/logger';
import type { SimDataset } from '../src/simulator/sim-records';
import { startApp } from '../src/start-app';

// Prints upstream calls per query for the example pages, next to what resolving each link with
// its own upstream call (no DataLoader) would cost. `npm run bench:calls`.

interface Scenario {
  readonly name: string;
  readonly operation: string;
  readonly variables: Record<string, unknown>;
  /** Calls when every link makes its own upstream call (no DataLoader, no batching). */
  readonly naive: (data: SimDataset) => number;
  readonly how: string;
}

/** One list call, then one conference read per row that links one. */
const naiveConferences = (first: number) => (data: SimDataset) =>
  1 + data.recordings.slice(0, first).filter((recording) => recording.conference_id).length;

const distinctConferences = (data: SimDataset, first: number) =>
  new Set(
    data.recordings
      .slice(0, first)
      .map((r) => r.conference_id)
      .filter(Boolean),
  ).size;

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
      naive: naiveConferences(50),
      how: `1 list + 1 per distinct conference (${distinctConferences(simulator.dataset, 50)})`,
    },
    {
      name: '250 recordings + conference { name status }',
      operation: operation('RecordingsWithConferences.graphql'),
      variables: { first: 250 },
      naive: naiveConferences(250),
      how: `1 list + 1 per distinct conference (${distinctConferences(simulator.dataset, 250)})`,
    },
    {
      name: '50 recordings + conference { id } + callLeg { id }',
      operation: operation('RecordingsWithConferenceIds.graphql'),
      variables: { first: 50 },
      naive: naiveConferences(50),
      how: 'ids come from the rows',
    },
    {
      name: '50 recordings + transcription',
      operation: operation('RecordingTranscriptions.graphql'),
      variables: { first: 50 },
      naive: () => 1 + 50,
      how: 'one transcriptions list since the oldest row (no multi-id read upstream)',
    },
    {
      name: '250 recordings + transcription',
      operation: operation('RecordingTranscriptions.graphql'),
      variables: { first: 250 },
      naive: () => 1 + 250,
      how: 'transcriptions listed 250 a page, at most 4 pages, then per recording',
    },
    {
      name: '10 conferences + participants { conference { id name } callLeg { id } }',
      operation: operation('ConferencesWithParticipants.graphql'),
      variables: { first: 10 },
      naive: (data) => {
        const shown = new Set(data.conferences.slice(0, 10).map((c) => c.id));
        const participants = data.participants.filter((p) => shown.has(p.conference.id)).length;
        return 1 + 10 + participants;
      },
      how: '1 list + 1 participants list per conference; conference { id name } from each row',
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
    const body = (await response.json()) as { errors?: unknown };
    if (body.errors) throw new Error(`${scenario.name}: ${JSON.stringify(body.errors)}`);
    const naive = scenario.naive(simulator.dataset);
    rows.push(`| ${scenario.name} | ${simulator.requests.length} | ${naive} | ${scenario.how} |`);
  }
  console.log('| query | upstream calls (gateway) | naive (one call per link) | how |');
  console.log('|---|---|---|---|');
  for (const row of rows) console.log(row);
  await app.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
