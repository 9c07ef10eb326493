// The published package as a user gets it: `npm pack` (which builds dist/ at
// prepack), the tarball installed into an empty project, its bins run there.
// Packed and installed once for the file: 10-25 s, most of it npm.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer } from '../reference/server.ts';
import { npmEnv, packAndInstall, type InstalledPackage } from './helpers/installed-package.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string; bin: Record<string, string> };
const work = mkdtempSync(join(tmpdir(), 'wispanel-package-'));

/** On Node 20.18 npm picks vite 6 (vite 8 wants >= 20.19), whose esbuild has
 *  a postinstall script: npm's advisory about it is the one warning allowed
 *  (README, "Install"). */
const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
const vite6 = major === 20 && minor < 19;

const run = promisify(execFile);

/** The JSON Schemas README points editors at. */
const SCHEMAS = ['schemas/wispanel.config.schema.json', 'schemas/wispanel.targets.schema.json'];

/** The lines of npm's warnings (`npm warn ...` on stderr). */
function npmWarnings(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /^npm warn/i.test(line));
}

let installed: InstalledPackage;
let packed: InstalledPackage['packed'];
let install: InstalledPackage['install'];
let project: string;
const bin = (name: string) => installed.bin(name);

beforeAll(async () => {
  installed = await packAndInstall(work);
  ({ packed, install, project } = installed);
}, 480_000); // 10-25 s on a quiet machine; npm and the build on a loaded one take minutes

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed package', () => {
  test('ships only what runs: the bins, the compiled dist/ (spec, report schema, the suites, the vitest config), the config schemas, no sources or tests', () => {
    const paths = packed.files.map((f) => f.path).sort();
    for (const path of paths) expect(path).toMatch(/^(package\.json|README\.md|LICENSE|bin\/[\w-]+\.mjs|dist\/.+|schemas\/[\w.]+\.schema\.json)$/);
    expect(paths.filter((p) => /\.(ts|mts|cts|map)$/.test(p))).toEqual([]);
    expect(paths.filter((p) => /\.test\./.test(p))).toEqual(['dist/suites/conformance.test.js']);
    for (const path of Object.values(pkg.bin)) expect(paths).toContain(path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'dist/src/cli/main.js',
        'dist/reference/main.js',
        'dist/spec/wispanel.openapi.yaml',
        'dist/spec/requirements.yaml',
        'dist/schemas/report.schema.json',
        'schemas/report.schema.json',
        'dist/package.json',
        'dist/vitest.config.js',
        ...SCHEMAS,
      ]),
    );
  });

  test("the installed config schemas are the checkout's (README: $schema=node_modules/wispanel-conformance/schemas/...)", () => {
    for (const schema of SCHEMAS) {
      expect(readFileSync(join(project, 'node_modules', pkg.name, schema), 'utf8'), schema).toBe(readFileSync(join(root, schema), 'utf8'));
    }
  });

  test('installs into an empty project without a warning of ours, and without tsx or esbuild', () => {
    const warnings = npmWarnings(install.stderr).filter((w) => !(vite6 && /^npm warn install-scripts/.test(w)));
    expect(warnings, install.stderr).toEqual([]);
    expect(existsSync(join(project, 'node_modules', 'tsx'))).toBe(false);
    expect(existsSync(join(project, 'node_modules', 'esbuild'))).toBe(vite6);
    for (const name of Object.keys(pkg.bin)) expect(existsSync(bin(name)), name).toBe(true);
  });
});

describe('the installed bins', () => {
  const env = npmEnv;

  test('wispanel-conformance --version prints the package version', async () => {
    const { stdout } = await run(bin('wispanel-conformance'), ['--version'], { cwd: project, env: env() });
    expect(stdout.trim()).toBe(pkg.version);
  });

  test('a usage error: one line, exit 2', async () => {
    const error = await run(bin('wispanel-conformance'), ['--no-such-flag'], { cwd: project, env: env() }).catch(
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect(error).toMatchObject({ code: 2 });
    expect((error as { stderr: string }).stderr.trim().split('\n')).toHaveLength(1);
  });

  test('wispanel-conformance against its embedded reference server: exit 0, CONFORMANT, JUnit and the report written', async () => {
    const out = join(work, 'out');
    const args = ['--junit', join(out, 'junit.xml'), '--report', join(out, 'report')];
    const { stdout, stderr } = await run(bin('wispanel-conformance'), args, { cwd: project, env: env(), timeout: 180_000 });
    expect(stderr).not.toMatch(/suite error|internal error/);
    expect(stdout).toContain('(embedded reference server)');
    expect(stdout).toMatch(/plan: \d+ of \d+ cases/);
    expect(stdout).toContain('Verdict: CONFORMANT');
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('<testcase ');
    expect(JSON.parse(readFileSync(join(out, 'report', 'report.json'), 'utf8'))).toMatchObject({ suiteVersion: pkg.version, target: { embedded: true } });
    for (const name of ['report.md', 'report.html']) expect(existsSync(join(out, 'report', name)), name).toBe(true);
  }, 200_000);

  test('wispanel-conformance --list reads the spec and the requirements from the package', async () => {
    const { stdout } = await run(bin('wispanel-conformance'), ['--list'], { cwd: project, env: env() });
    expect(stdout).toContain('Requirements (spec/requirements.yaml)');
    expect(stdout).toMatch(/^RES-CREATE-201 /m);
  });

  test('wispanel-reference --help prints its usage', async () => {
    const { stdout } = await run(bin('wispanel-reference'), ['--help'], { cwd: project, env: env() });
    expect(stdout).toMatch(/^usage: .*--port N/);
    expect(stdout).toContain('--list-faults');
  });

  test('wispanel-reference starts a server that answers with the admin key it printed', async () => {
    const child = spawn(bin('wispanel-reference'), ['--port', '0'], { cwd: project, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (s: string) => {
          out += s;
          if (/reseller key/.test(out)) resolve();
        });
        child.once('exit', (code) => reject(new Error(`wispanel-reference exited (${code}) before printing its keys: ${out}`)));
      });
      const baseUrl = /base URL\s+(\S+)/.exec(out)![1];
      const adminKey = /admin key\s+(\S+)/.exec(out)![1];
      const me = await fetch(`${baseUrl}/auth/me`, { headers: { authorization: `Bearer ${adminKey}` } });
      expect(me.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('plain vitest from the installed package', () => {
  test('vitest run --config node_modules/wispanel-conformance/dist/vitest.config.js against a reference server: exit 0, the cases pass', async () => {
    const server = await startReferenceServer({ windowMs: 1000 });
    try {
      const env = { ...npmEnv(), WISPANEL_BASE_URL: server.baseUrl, WISPANEL_TOKEN: server.adminToken, WISPANEL_RATE_WINDOW_MS: '1000' };
      const args = ['run', '--config', join('node_modules', pkg.name, 'dist', 'vitest.config.js')];
      // execFile rejects on a non-zero exit: keep its outcome to assert on.
      const r = await run(bin('vitest'), args, { cwd: project, env, timeout: 180_000 }).then(
        (ok) => ({ code: 0, ...ok }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/Tests\s+\d+ passed/);
    } finally {
      await server.close();
    }
  }, 200_000);
});
