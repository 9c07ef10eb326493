// The layers point one way, type imports included (the lint's madge counts
// them too, for cycles): a model at the bottom that imports nothing above
// it; spec -> cases -> http -> checks -> run above it; reporters render
// from the model alone; only the CLI imports reporters. And the tests
// mirror the code: most modules have a test that imports them directly.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../src/spec/paths.ts';

/** Every module of the product (tests aside), by path from the root. */
function modules(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(packageRoot, dir))) {
    const path = join(dir, name);
    if (statSync(join(packageRoot, path)).isDirectory()) out.push(...modules(path));
    else if (/\.(ts|mjs)$/.test(name) && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/** The project files a file imports (static, dynamic and type imports). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(packageRoot, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.[^'"]+)['"]/gm)].map((m) => m[1]);
  return specifiers.map((s) => normalize(join(dirname(file), s)));
}

/** The layer a path belongs to: its folder under src/, or its top folder. */
function layerOf(path: string): string {
  const parts = path.split('/');
  return parts[0] === 'src' ? (parts.length > 2 ? parts[1] : 'src') : parts[0];
}

/** What each layer may import besides itself. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  model: [],
  config: ['model'],
  spec: ['model'],
  fixtures: ['model'],
  cases: ['model', 'spec', 'fixtures'],
  http: ['model'],
  checks: ['model', 'spec'],
  gate: ['model'],
  merge: ['model', 'config', 'cases'],
  run: ['model', 'config', 'spec', 'fixtures', 'cases', 'http', 'checks', 'reference'],
  vitest: ['model', 'config', 'spec', 'cases', 'run', 'cli'],
  cli: ['model', 'config', 'spec', 'fixtures', 'cases', 'http', 'checks', 'gate', 'merge', 'run', 'reporters'],
  reporters: ['model'],
  reference: [],
  suites: ['cases', 'vitest'],
  // The bench drives the CLI as the end-to-end tests do, with their helpers.
  bench: ['model', 'reference', 'test'],
  bin: [],
};

const PRODUCT = ['src', 'reporters', 'fixtures', 'reference', 'suites', 'bench', 'bin'].flatMap(modules);

describe('layers', () => {
  test('every layer imports only the layers below it', () => {
    const wrong = PRODUCT.flatMap((file) => {
      const from = layerOf(file);
      const allowed = MAY_IMPORT[from];
      if (!allowed) return [`${file}: layer ${from} has no rule`];
      return importsOf(file)
        .map((target) => [target, layerOf(target)] as const)
        .filter(([, to]) => to !== from && !allowed.includes(to))
        .map(([target]) => `${file} imports ${target}`);
    });
    expect(wrong).toEqual([]);
  });

  test('no file under reporters/ imports the engine, and only the CLI imports reporters/', () => {
    expect(
      PRODUCT.filter((f) => f.startsWith('reporters/')).flatMap((f) => importsOf(f).filter((t) => t.startsWith('src/') && !t.startsWith('src/model/'))),
    ).toEqual([]);
    const importers = PRODUCT.filter((f) => !f.startsWith('reporters/') && importsOf(f).some((t) => t.startsWith('reporters/')));
    expect(importers.filter((f) => !f.startsWith('src/cli/') && !f.startsWith('bin/'))).toEqual([]);
  });

  test('parsing a configuration loads no case code', () => {
    const seen = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const target of importsOf(file)) walk(target);
    };
    walk('src/config/config.ts');
    expect([...seen].filter((f) => !f.startsWith('src/config/') && !f.startsWith('src/model/'))).toEqual([]);
  });
});

describe('tests mirror the code', () => {
  test('at least 90% of the modules under src/ and reporters/ are imported directly by a test', () => {
    const tests = ['src', 'reporters', 'test', 'spec'].flatMap((dir) => testFiles(dir));
    const imported = new Set(tests.flatMap(importsOf));
    const product = [...modules('src'), ...modules('reporters')];
    const untested = product.filter((m) => !imported.has(m));
    const share = (product.length - untested.length) / product.length;
    expect(share, `not imported by any test: ${untested.join(', ')}`).toBeGreaterThanOrEqual(0.9);
  });
});

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(packageRoot, dir))) {
    const path = join(dir, name);
    if (statSync(join(packageRoot, path)).isDirectory()) out.push(...testFiles(path));
    else if (name.endsWith('.test.ts') || (dir.startsWith('test') && name.endsWith('.ts'))) out.push(path);
  }
  return out;
}
