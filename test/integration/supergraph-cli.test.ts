import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startCallsService, type RunningCallsService } from '../support/calls-service';

const ROOT = join(__dirname, '..', '..');

// A subgraph given as a file: it extends Recording with a field of its own.
const NOTES_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])

type Recording @key(fields: "id") {
  id: ID!
  "A note someone wrote about the recording."
  note: String
}
`;

function supergraph(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)(
    process.execPath,
    ['-r', '@swc-node/register', 'scripts/print-supergraph.ts', ...args],
    {
      cwd: ROOT,
      env: { ...process.env, RECORDINGS_SUBGRAPH_URL: 'http://recordings.test/graphql' },
    },
  );
}

describe('npm run supergraph with subgraphs on the command line', () => {
  let calls: RunningCallsService;
  beforeAll(async () => {
    calls = await startCallsService([]);
  });
  afterAll(() => calls.stop());

  it('composes ours with a running subgraph (by URL) and one from an SDL file, without hints', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'supergraph-')), 'notes.graphql');
    writeFileSync(file, NOTES_SDL);
    const { stdout, stderr } = await supergraph([
      `calls=${calls.url.href}`,
      `notes=${file},http://notes.test/graphql`,
    ]);

    expect(stderr).toBe('');
    expect(stdout).toContain(
      'RECORDINGS @join__graph(name: "recordings", url: "http://recordings.test/graphql")',
    );
    expect(stdout).toContain(`CALLS @join__graph(name: "calls", url: "${calls.url.href}")`);
    expect(stdout).toContain('NOTES @join__graph(name: "notes", url: "http://notes.test/graphql")');
    expect(stdout).toMatch(/note: String @join__field\(graph: NOTES\)/);
    expect(stdout).toMatch(/interface Node/);
  }, 30_000);

  it('says how to name a subgraph when an argument is not one', async () => {
    await expect(supergraph(['notes.graphql'])).rejects.toMatchObject({
      stderr: expect.stringContaining('give subgraphs as name=<URL>') as unknown,
    });
  }, 30_000);
});
