#!/usr/bin/env node
// Builds dist/, the JavaScript the published package runs: `npm run build`,
// and npm runs it at `prepack` (npm pack, npm publish). Offline and a few
// seconds: the local tsc, then a copy. A checkout never needs it (the bins
// run the sources there, see bin/import-product.mjs); it is not `prepare`,
// which npm's install-scripts advisory would report to everyone installing
// a packed tarball (npm 11), though npm never runs it there.
//
// dist/ mirrors the source tree (dist/src, dist/suites, dist/reporters, ...)
// so every path a module takes relative to itself (import.meta.url) holds
// there too; the data files those paths reach (the spec, the report's JSON Schema)
// are copied next to the compiled code, and dist/package.json carries the
// version src/cli/version.ts reads. Nothing here is a source: dist/ is
// gitignored and rebuilt from scratch each time.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
/** The trees whose non-TypeScript files the code reads at run time. */
const ASSET_DIRS = ['src', 'suites', 'fixtures', 'reporters', 'reference', 'spec', 'schemas'];

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
// Everything on stderr: `npm pack --json` keeps stdout for its JSON.
const built = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: ['ignore', 2, 2] });
if (built.status !== 0) {
  console.error('build: tsc failed');
  process.exit(built.status ?? 1);
}

let copied = 0;
for (const dir of ASSET_DIRS) {
  for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.endsWith('.ts')) continue;
    const from = join(entry.parentPath ?? entry.path, entry.name);
    const to = join(dist, relative(root, from));
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
    copied++;
  }
}

// The YAML the product reads at start-up (the spec, the requirements) also
// as JSON beside it: src/spec/yaml-data.ts reads that copy when it is there.
for (const name of readdirSync(join(dist, 'spec')).filter((n) => n.endsWith('.yaml'))) {
  const file = join(dist, 'spec', name);
  writeFileSync(`${file}.json`, JSON.stringify(parse(readFileSync(file, 'utf8'), { maxAliasCount: -1 })));
}

const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
writeFileSync(join(dist, 'package.json'), `${JSON.stringify({ private: true, type: 'module', version }, null, 2)}\n`);
console.error(`build: dist/ (tsc, ${copied} data files copied)`);
