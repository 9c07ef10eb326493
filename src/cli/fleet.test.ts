// A fleet in process (--targets): every panel side by side, each judged
// alone; a panel that cannot be tested is reported with the reason while
// the others run; the exit code is the worst panel's.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test, vi, type TestContext } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../reference/server.ts';
import { captureConsole } from '../../test/helpers/console.ts';
import { startLocalServer } from '../../test/helpers/local-server.ts';
import { parseConfig } from '../config/config.ts';
import type { FleetReport } from '../model/fleet.ts';
import { suiteVersion } from '../run/version.ts';
import { runFleet } from './fleet.ts';

const root = mkdtempSync(join(tmpdir(), 'wispanel-fleet-unit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
});

interface Panel {
  name: string;
  baseUrl: string;
  token: string;
  more?: string[];
}

/** A targets file naming `panels`, their keys in the returned environment;
 *  short windows, few cases (and the default 30 s --timeout: no panel here
 *  hangs, and a loaded machine may answer slowly). */
function targetsFile(panels: Panel[], defaults = ['rate-window-ms: 1000', "filter: '^getCurrentUser\\.'"]): { file: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(root, 'fleet-'));
  const env: NodeJS.ProcessEnv = {};
  const lines = ['defaults:', ...defaults.map((d) => `  ${d}`), 'targets:'];
  for (const p of panels) {
    const variable = `${p.name.toUpperCase().replaceAll('-', '_')}_TOKEN`;
    env[variable] = p.token;
    lines.push(`  - name: ${p.name}`, `    base-url: ${p.baseUrl}`, `    token: \${${variable}}`, ...(p.more ?? []).map((m) => `    ${m}`));
  }
  const file = join(dir, 'panels.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, env };
}

/** The fleet as the CLI runs it; its exit code and what it printed. */
async function fleet(argv: string[], env: NodeJS.ProcessEnv) {
  const printed = captureConsole();
  const code = await runFleet(argv, env, parseConfig(argv, env, root));
  vi.restoreAllMocks();
  return { code, stdout: printed.stdout, stderr: printed.stderr, all: printed.all };
}

async function reference(ctx: TestContext, fault?: string): Promise<ReferenceServer> {
  const server = await startReferenceServer({ windowMs: 1000, fault });
  ctx.onTestFinished(() => server.close());
  return server;
}

/** An API root nothing listens on. */
async function closedPort(): Promise<string> {
  const gone = await startLocalServer(() => {});
  await gone.close();
  return `${gone.origin}/api/v1`;
}

describe('runFleet', () => {
  test("two panels, one unreachable: a line per panel, the fleet's line, exit 3; the other panel runs and is judged alone", async (ctx) => {
    const ok = await reference(ctx);
    const gone = await closedPort();
    const { file, env } = targetsFile([
      { name: 'ok', baseUrl: ok.baseUrl, token: ok.adminToken },
      { name: 'gone', baseUrl: gone, token: ok.adminToken },
    ]);
    const out = join(root, 'two-report');
    const r = await fleet(['--targets', file, '--seed', '4242', '--report', out], env);
    expect(r.code, r.all).toBe(3);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`wispanel-conformance ${suiteVersion()}: fleet of 2 panels (${file}), seed 4242`);
    expect(lines[1]).toMatch(new RegExp(`^ok: run [a-z0-9]{6}, target ${ok.baseUrl}; plan \\d+ of 212 cases, about `));
    expect(lines[2]).toMatch(new RegExp(`^gone: run [a-z0-9]{6}, target ${gone}; plan `));
    expect(r.stderr).toMatch(new RegExp(`^gone: not tested: target unreachable: ${gone}/auth/me: connection refused[^\n]*$`));
    expect(r.stdout).toMatch(
      /^ok: CONFORMANT \(default profile; .*\); 212 cases: \d+ passed, 0 failed, 0 error, 0 skipped, \d+ disabled; \d+ requests, 0 answered 429; wall .+, run [a-z0-9]{6}$/m,
    );
    expect(r.stdout).toMatch(new RegExp(`\ngone: UNREACHABLE: target unreachable: ${gone}/auth/me: connection refused[^\n]*\n`));
    expect(r.stdout).toContain('\nFleet: INCOMPLETE: 1 of 2 panels conformant, 1 not tested\n');
    expect(lines.at(-1)).toMatch(/^written: report /);
    const index = JSON.parse(readFileSync(join(out, 'fleet.json'), 'utf8')) as FleetReport;
    expect(index.panels.map((p) => [p.name, p.verdict, p.exitCode])).toEqual([
      ['ok', 'CONFORMANT', 0],
      ['gone', 'UNREACHABLE', 3],
    ]);
    expect(index.seed).toBe(4242);
    // The panel that ran was asked; no key was printed.
    expect(ok.requestLog.length).toBeGreaterThan(0);
    expect(r.all).not.toContain(ok.adminToken);
  });

  test("a faulty panel beside an unreachable one: its failure is the fleet's exit code, 1", async (ctx) => {
    const faulty = await reference(ctx, 'create-200');
    const { file, env } = targetsFile(
      [
        { name: 'faulty', baseUrl: faulty.baseUrl, token: faulty.adminToken },
        { name: 'gone', baseUrl: await closedPort(), token: faulty.adminToken },
      ],
      ['rate-window-ms: 1000', 'operation: [createReseller]'],
    );
    const r = await fleet(['--targets', file], env);
    expect(r.code, r.all).toBe(1);
    expect(r.stdout).toMatch(/^faulty: NOT CONFORMANT \(.*\): failed RES-CREATE-201; /m);
    expect(r.stdout).toContain('Fleet: NOT CONFORMANT: 0 of 2 panels conformant, 1 not conformant, 1 not tested');
  });

  test('--shard I/N: the panels of shard I only (panel i in shard i mod N + 1)', async (ctx) => {
    const [a, b] = await Promise.all([reference(ctx), reference(ctx)]);
    const { file, env } = targetsFile([
      { name: 'a', baseUrl: a.baseUrl, token: a.adminToken },
      { name: 'b', baseUrl: b.baseUrl, token: b.adminToken },
    ]);
    const r = await fleet(['--targets', file, '--seed', '7', '--shard', '2/2'], env);
    expect(r.code, r.all).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`: fleet of 1 panel \\(${file}, shard 2/2\\), seed 7$`));
    expect(r.stdout).toMatch(/^b: CONFORMANT /m);
    expect(r.stdout).not.toMatch(/^a: /m);
    expect(r.stdout).toContain('Fleet: CONFORMANT: 1 of 1 panel conformant (shard 2/2)');
    expect(a.requestLog).toEqual([]);
  });

  test('a usage error names the file and the target: one line, exit 2, nothing sent to any panel', async (ctx) => {
    const ok = await reference(ctx);
    const good = { name: 'ok', baseUrl: ok.baseUrl, token: ok.adminToken };
    const missingCa = targetsFile([good, { name: 'tls', baseUrl: ok.baseUrl, token: ok.adminToken, more: [`ca-file: ${join(root, 'missing.pem')}`] }]);
    const shards = targetsFile([good]);
    const results = [
      await fleet(['--targets', missingCa.file], missingCa.env),
      await fleet(['--targets', shards.file, '--seed', '1', '--shard', '2/2'], shards.env),
      await fleet(['--targets', shards.file], {}),
    ];
    expect(results.map((r) => [r.code, r.stdout])).toEqual([
      [2, ''],
      [2, ''],
      [2, ''],
    ]);
    expect(results.map((r) => r.stderr)).toEqual([
      `wispanel-conformance: ${missingCa.file}: target tls: --ca-file accepts a readable PEM file, cannot read ${join(root, 'missing.pem')} (ENOENT)`,
      `wispanel-conformance: --shard 2/2: ${shards.file} has 1 panels, so at most 1 shards`,
      `wispanel-conformance: ${shards.file}: target ok: token refers to \${OK_TOKEN}, which is not set in the environment`,
    ]);
    expect(ok.requestLog).toEqual([]);
  });
});
