import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sourceFiles } from '../support/source-files';

const SRC = join(__dirname, '..', '..', 'src');
const MAX_LINES = 300;
const REASON = '// Longer than 300 lines: ';

describe('the source tree reads like a map', () => {
  it(`keeps files under ${MAX_LINES} lines, or says at the top why one is longer`, () => {
    const unexplained = sourceFiles(SRC)
      .map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }))
      .filter(({ text }) => text.split('\n').length > MAX_LINES && !text.startsWith(REASON))
      .map(({ path }) => path);
    expect(unexplained).toEqual([]);
  });

  it('keeps startGateway, the composition root, a short sequence of assemblies', () => {
    const server = readFileSync(join(SRC, 'server.ts'), 'utf8');
    const body = /^export async function startGateway[\s\S]*?^}$/m.exec(server)?.[0] ?? '';
    expect(body).not.toBe('');
    expect(body.split('\n').length).toBeLessThanOrEqual(60);
  });
});
