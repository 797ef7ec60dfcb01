import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

// Import circles in src/, type-only imports included: eslint's import-x/no-cycle skips
// `import type`, and a circle of types still ties two modules into one. Part of `npm run lint`.

const SRC = join(__dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports and re-exports of one file, resolved to files in src/. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map(({ fileName }) => fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => resolve(dirname(file), specifier))
    .map((base) => [`${base}.ts`, join(base, 'index.ts')].find((path) => existsSync(path)))
    .filter((path): path is string => path !== undefined);
}

/** The circles a depth-first walk meets: at least one wherever there is any, each reported once. */
export function importCycles(files: readonly string[]): string[][] {
  const graph = new Map(files.map((file) => [file, importsOf(file)]));
  const cycles = new Map<string, string[]>();
  const done = new Set<string>();
  const walk = (file: string, path: string[]): void => {
    const at = path.indexOf(file);
    if (at >= 0) {
      const cycle = path.slice(at);
      const key = [...cycle].sort().join('|');
      if (!cycles.has(key)) cycles.set(key, cycle);
      return;
    }
    if (done.has(file)) return;
    path.push(file);
    for (const next of graph.get(file) ?? []) walk(next, path);
    path.pop();
    done.add(file);
  };
  for (const file of files) walk(file, []);
  return [...cycles.values()];
}

const cycles = importCycles(sourceFiles(SRC));
if (cycles.length > 0) {
  console.error(`${cycles.length} import circle(s) in src/ (type-only imports count):`);
  for (const cycle of cycles) {
    const names = cycle.map((file) => relative(SRC, file));
    console.error(`  ${[...names, names[0]].join(' -> ')}`);
  }
  process.exit(1);
}
