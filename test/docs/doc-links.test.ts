import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { githubAnchors, markdownHeadings, markdownLinks } from '../support/markdown';

// The README is the front door and docs/ holds the rest by topic: the door stays small, every
// page is reachable from it, and no link leads nowhere (a page moved, a heading renamed).
const root = join(__dirname, '..', '..');
const docsDir = join(root, 'docs');
const docPages = readdirSync(docsDir)
  .filter((name) => name.endsWith('.md'))
  .sort();
const pages = ['README.md', ...docPages.map((name) => `docs/${name}`)];

function read(page: string): string {
  return readFileSync(join(root, page), 'utf8');
}

const anchorsByFile = new Map<string, Set<string>>();
function anchorsOf(file: string): Set<string> {
  let anchors = anchorsByFile.get(file);
  if (!anchors) {
    anchors = githubAnchors(markdownHeadings(readFileSync(file, 'utf8')));
    anchorsByFile.set(file, anchors);
  }
  return anchors;
}

const testFiles = (readdirSync(join(root, 'test'), { recursive: true }) as string[])
  .filter((path) => path.endsWith('.test.ts'))
  .map((path) => `test/${path.split('\\').join('/')}`);

/** `test/a/b.test.ts` names that file, `test/a/*.test.ts` some file there, `b.test.ts` any. */
function testFileExists(named: string): boolean {
  if (!named.includes('/')) return testFiles.some((path) => path.endsWith(`/${named}`));
  if (named.includes('*')) {
    const folder = named.slice(0, named.lastIndexOf('/') + 1);
    return testFiles.some((path) => path.startsWith(folder));
  }
  return testFiles.includes(named);
}

/** A link with a scheme (`https:`, `mailto:`) or protocol-relative leaves the repository. */
function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');
}

interface CheckedLink {
  page: string;
  target: string;
  problem: string | null;
}

function checkLinks(): CheckedLink[] {
  const checked: CheckedLink[] = [];
  for (const page of pages) {
    const pageFile = join(root, page);
    for (const { target } of markdownLinks(read(page))) {
      if (isExternal(target)) continue;
      const hash = target.indexOf('#');
      const path = decodeURIComponent(hash === -1 ? target : target.slice(0, hash));
      const anchor = hash === -1 ? null : decodeURIComponent(target.slice(hash + 1));
      const file =
        path === '' ? pageFile : join(path.startsWith('/') ? root : dirname(pageFile), path);
      let problem: string | null = null;
      if (!existsSync(file)) problem = `no file ${relative(root, file)}`;
      else if (relative(root, file).startsWith('..')) problem = 'leaves the repository';
      else if (anchor !== null) {
        if (!file.endsWith('.md')) problem = 'an anchor into a file that is not Markdown';
        else if (!anchorsOf(file).has(anchor))
          problem = `no heading #${anchor} in ${relative(root, file)}`;
      }
      checked.push({ page, target, problem });
    }
  }
  return checked;
}

describe('the README and docs/', () => {
  it('keeps the README a front door: under 250 lines', () => {
    const lines = read('README.md').trimEnd().split('\n').length;
    expect(lines).toBeLessThan(250);
  });

  it('has no relative link to a missing file or a missing heading', () => {
    const checked = checkLinks();
    const broken = checked
      .filter((link) => link.problem !== null)
      .map((link) => `${link.page}: (${link.target}) ${link.problem ?? ''}`);

    expect(broken).toEqual([]);
    // The check saw the pages' links, anchors among them (not a parser that found nothing).
    expect(checked.length).toBeGreaterThan(40);
    expect(checked.filter((link) => link.target.includes('#')).length).toBeGreaterThan(10);
  });

  it("lists every page of docs/ in the README's documentation table", () => {
    const readme = read('README.md');
    const section = /^## Documentation\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme)?.[1] ?? '';
    const tableRows = section.split('\n').filter((line) => line.startsWith('|'));
    const listed = new Set(
      tableRows.flatMap((row) =>
        markdownLinks(row)
          .map((link) => link.target)
          .filter((target) => target.startsWith('docs/'))
          .map((target) => target.slice('docs/'.length)),
      ),
    );

    expect(docPages.filter((name) => !listed.has(name))).toEqual([]);
    expect(docPages.length).toBeGreaterThan(10);
  });

  // configuration.md is generated from the configuration's declarations, and architecture.md has
  // the shape of an ARCHITECTURE file (its invariants name their checks); every other page is a
  // topic moved out of the README and must stand alone.
  const topicPages = docPages.filter(
    (name) => name !== 'configuration.md' && name !== 'architecture.md',
  );

  it.each(topicPages)('starts %s with whom it is for and ends it with its tests', (name) => {
    const text = read(`docs/${name}`);
    const paragraphs = text.trim().split(/\n\s*\n/);
    const headings = markdownHeadings(text);

    expect(paragraphs[0]).toMatch(/^# \S/);
    expect(paragraphs[1]).toMatch(/^For: /);
    expect(headings.at(-1)).toBe('Tests');
    // The tests it names exist: by path, or by name once their folder was given.
    const testsSection = text.slice(text.lastIndexOf('\n## Tests\n'));
    const named = [...testsSection.matchAll(/`([^`\s]+\.test\.ts)`/g)].map((m) => m[1] ?? '');
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((test) => !testFileExists(test))).toEqual([]);
  });
});

describe("GitHub's heading anchors", () => {
  it('drops punctuation but hyphens and underscores, and numbers repeats', () => {
    const anchors = githubAnchors([
      "Internet latency, overload and the provider's rate limit",
      'urql + Graphcache',
      'Tracing (OpenTelemetry)',
      '`Recording` fields: snake_case',
      'Tests',
      'Tests',
      '[Linked](elsewhere.md) heading',
    ]);

    expect([...anchors]).toEqual([
      'internet-latency-overload-and-the-providers-rate-limit',
      'urql--graphcache',
      'tracing-opentelemetry',
      'recording-fields-snake_case',
      'tests',
      'tests-1',
      'linked-heading',
    ]);
  });
});
