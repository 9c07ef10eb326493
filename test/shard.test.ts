// --shard I/N and `merge` through the CLI: one panel's independent cases
// split by a hash of their ID (the chained suites in shard 1), a fleet's
// panels split by their place in the file; merged, the shards give the
// verdicts one run gives. Results of different tests, and sets that are not
// every shard of one run once, are refused.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, type TestContext } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../reference/server.ts';
import type { CertificationReport } from '../src/model/report.ts';
import type { FleetReport } from '../src/model/fleet.ts';
import { runCli, usageErrorLine } from './helpers/cli.ts';
import { readReport } from './helpers/outputs.ts';
import { antJUnitErrors, xpath } from './helpers/xml.ts';

const root = mkdtempSync(join(tmpdir(), 'wispanel-shard-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function reference(ctx: TestContext, fault?: string): Promise<ReferenceServer> {
  const server = await startReferenceServer({ windowMs: 1000, fault });
  ctx.onTestFinished(() => server.close());
  return server;
}

const SEED = ['--seed', '4242', '--rate-window-ms', '1000'];

const WHOLE = 'merge shards 1/N to N/N of one run, each once, or one unsharded result alone';

/** A copy of `file` (JSON) in `dir`, changed. */
function variant<T>(dir: string, file: string, name: string, change: (value: T) => void): string {
  const copy = JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
  change(copy);
  writeFileSync(join(dir, name), JSON.stringify(copy));
  return name;
}

/** What a verdict rests on: the verdict, each requirement's result, each case's outcome. */
function judged(report: CertificationReport) {
  return {
    verdict: report.verdict,
    verdictScope: report.verdictScope,
    requirements: Object.fromEntries(report.requirements.map((q) => [q.id, q.result])),
    cases: Object.fromEntries(report.cases.map((c) => [c.id, c.outcome])),
  };
}

describe.concurrent('shards', () => {
  test('one panel in two shards, merged: the verdicts of one run, one JUnit; the merged report alone rendered again', async (ctx) => {
    const servers = await Promise.all([reference(ctx, 'create-200'), reference(ctx, 'create-200'), reference(ctx, 'create-200')]);
    const dir = mkdtempSync(join(root, 'one-'));
    const run = (server: ReferenceServer, ...args: string[]) =>
      runCli(['--base-url', server.baseUrl, '--token', server.adminToken, ...SEED, ...args], { cwd: dir });
    const [whole, first, second] = await Promise.all([
      run(servers[0], '--report', 'whole'),
      run(servers[1], '--shard', '1/2', '--report', 'shard-1'),
      run(servers[2], '--shard', '2/2', '--report', 'shard-2'),
    ]);
    expect([whole.code, first.code, second.code], whole.stderr + first.stderr + second.stderr).toEqual([1, 1, 0]);

    // A real split: each shard runs some of the independent cases, the chained suites only shard 1.
    const [s1, s2] = [readReport(join(dir, 'shard-1')), readReport(join(dir, 'shard-2'))];
    const elsewhere = (r: CertificationReport, k: number) => r.cases.filter((c) => c.reason === `in shard ${k}/2`);
    expect(elsewhere(s1, 2).length).toBeGreaterThan(0);
    expect(elsewhere(s2, 1).length).toBeGreaterThan(elsewhere(s1, 2).length);
    expect(elsewhere(s1, 2).every((c) => ['auth', 'validation', 'not-found'].includes(c.kind))).toBe(true);
    expect(s2.cases.filter((c) => ['positive', 'lifecycle', 'role'].includes(c.kind)).every((c) => c.outcome === 'disabled')).toBe(true);

    const merged = await runCli(['merge', '--junit', 'merged/junit.xml', '--report', 'merged', 'shard-1/report.json', 'shard-2/report.json'], { cwd: dir });
    expect(merged.code, merged.stdout + merged.stderr).toBe(1);
    expect(merged.stdout).toContain('Verdict: NOT CONFORMANT');
    expect(judged(readReport(join(dir, 'merged')))).toEqual(judged(readReport(join(dir, 'whole'))));
    const xml = readFileSync(join(dir, 'merged/junit.xml'), 'utf8');
    expect(antJUnitErrors(xml)).toEqual([]);
    expect(xpath(xml, 'count(//testcase)')).toBe('212');
    expect(xpath(xml, 'count(//testcase[failure])')).toBe('1');

    // One unsharded report alone is rendered again.
    const again = await runCli(['merge', '--report', 'again', 'merged/report.json'], { cwd: dir });
    expect(again.code, again.stdout + again.stderr).toBe(1);
    expect(judged(readReport(join(dir, 'again')))).toEqual(judged(readReport(join(dir, 'whole'))));
  });

  test("a fleet in two shards: panel i in shard (i mod N) + 1; merged, the panels in the file's order; not every shard once, refused", async (ctx) => {
    const [a, b, c] = await Promise.all([reference(ctx), reference(ctx, 'create-200'), reference(ctx)]);
    const dir = mkdtempSync(join(root, 'fleet-'));
    const targets = [
      ['a', a],
      ['b', b],
      ['c', c],
    ] as const;
    writeFileSync(
      join(dir, 'panels.yaml'),
      `defaults:\n  rate-window-ms: 1000\ntargets:\n${targets.map(([name, s]) => `  - name: ${name}\n    base-url: ${s.baseUrl}\n    token: \${${name.toUpperCase()}_TOKEN}\n`).join('')}`,
    );
    const env = Object.fromEntries(targets.map(([name, s]) => [`${name.toUpperCase()}_TOKEN`, s.adminToken]));
    const shard = (k: number) => runCli(['--targets', 'panels.yaml', '--seed', '4242', '--shard', `${k}/2`, '--report', `shard-${k}`], { cwd: dir, env });
    const [first, second] = await Promise.all([shard(1), shard(2)]);
    expect([first.code, second.code], first.stdout + second.stdout).toEqual([0, 1]);
    const panels = (file: string) => (JSON.parse(readFileSync(join(dir, file), 'utf8')) as FleetReport).panels.map((p) => [p.name, p.verdict]);
    expect(panels('shard-1/fleet.json')).toEqual([
      ['a', 'CONFORMANT'],
      ['c', 'CONFORMANT'],
    ]);
    expect(panels('shard-2/fleet.json')).toEqual([['b', 'NOT CONFORMANT']]);

    const merged = await runCli(['merge', '--junit', 'merged/junit.xml', '--report', 'merged', 'shard-2/fleet.json', 'shard-1/fleet.json'], { cwd: dir });
    expect(merged.code, merged.stdout + merged.stderr).toBe(1);
    expect(panels('merged/fleet.json')).toEqual([
      ['a', 'CONFORMANT'],
      ['b', 'NOT CONFORMANT'],
      ['c', 'CONFORMANT'],
    ]);
    expect(merged.stdout).toContain('Fleet: NOT CONFORMANT: 2 of 3 panels conformant, 1 not conformant; merged 2 shards');
    expect(readReport(join(dir, 'merged/b')).verdict).toBe('NOT CONFORMANT');
    const xml = readFileSync(join(dir, 'merged/junit.xml'), 'utf8');
    expect(antJUnitErrors(xml)).toEqual([]);
    expect(xpath(xml, 'count(//testsuite[starts-with(@name, "b.")]//failure)')).toBe('1');

    // Copies beside shard-1/fleet.json, so that its panels' reports resolve.
    const again = variant<FleetReport>(dir, 'shard-1/fleet.json', 'shard-1/again.json', () => {});
    const thirds = variant<FleetReport>(dir, 'shard-1/fleet.json', 'shard-1/thirds.json', (f) => (f.shard = '1/3'));
    const refused = (...files: string[]) => runCli(['merge', '--report', 'refused', ...files], { cwd: dir }).then(usageErrorLine);
    expect(
      await Promise.all([
        refused('shard-1/fleet.json'),
        refused('shard-1/fleet.json', again),
        refused('shard-1/fleet.json', 'shard-1/fleet.json'),
        refused('shard-1/fleet.json', 'merged/fleet.json'),
        refused('shard-2/fleet.json', thirds),
      ]),
    ).toEqual([
      `wispanel-conformance: merge: no file is shard 2/2 (given: shard-1/fleet.json 1/2): ${WHOLE}`,
      `wispanel-conformance: merge: shard-1/fleet.json is shard 1/2, shard-1/again.json shard 1/2: ${WHOLE}`,
      `wispanel-conformance: merge: shard-1/fleet.json is given twice: ${WHOLE}`,
      `wispanel-conformance: merge: merged/fleet.json is unsharded, shard-1/fleet.json shard 1/2: ${WHOLE}`,
      `wispanel-conformance: merge: shard-2/fleet.json is shard 2/2, shard-1/thirds.json shard 1/3: ${WHOLE}`,
    ]);
    expect(existsSync(join(dir, 'refused'))).toBe(false);
  });

  test('merge refuses results of different suite versions, specs or seeds, sets that are not every shard once, and mixed kinds: exit 2, one line, nothing written', async (ctx) => {
    const server = await reference(ctx);
    const dir = mkdtempSync(join(root, 'refuse-'));
    const r = await runCli(['--base-url', server.baseUrl, '--token', server.adminToken, ...SEED, '--shard', '1/2', '--report', 'shard-1'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'shard-1/report.json'), 'utf8')) as CertificationReport;
    const copy = (name: string, change: (r: CertificationReport) => void) => variant(dir, 'shard-1/report.json', name, change);
    const seed = copy('seed.json', (c) => (c.seed = 7));
    const suite = copy('suite.json', (c) => (c.suiteVersion = '9.9.9'));
    const spec = copy('spec.json', (c) => (c.spec.sha256 = '0'.repeat(64)));
    // Shard 1/2 of another run; the same test run whole (no --shard); a shard of three.
    const otherRun = copy('other-run.json', (c) => (c.runId = 'other'));
    const whole = copy('whole.json', (c) => delete c.config.shard);
    const thirds = copy('thirds.json', (c) => (c.config.shard = '2/3'));
    writeFileSync(join(dir, 'fleet.json'), JSON.stringify({ fleetVersion: 1, panels: [] }));
    const merge = (...files: string[]) => runCli(['merge', '--report', 'out', 'shard-1/report.json', ...files], { cwd: dir });
    const lines = await Promise.all(
      [
        merge(seed),
        merge(suite),
        merge(spec),
        merge(),
        merge(otherRun),
        merge('./shard-1/report.json'),
        merge(whole),
        merge(thirds),
        merge('fleet.json'),
        merge('missing.json'),
        runCli(['merge', 'shard-1/report.json'], { cwd: dir }),
      ].map(async (p) => usageErrorLine(await p)),
    );
    expect(lines).toEqual([
      'wispanel-conformance: merge: seed.json has seed 7, shard-1/report.json 4242: only shards of one test (suite, spec and --seed) can be merged',
      `wispanel-conformance: merge: suite.json has suite version 9.9.9, shard-1/report.json ${report.suiteVersion}: only shards of one test (suite, spec and --seed) can be merged`,
      `wispanel-conformance: merge: spec.json has spec sha256 ${'0'.repeat(64)}, shard-1/report.json ${report.spec.sha256}: only shards of one test (suite, spec and --seed) can be merged`,
      `wispanel-conformance: merge: no file is shard 2/2 (given: shard-1/report.json 1/2): ${WHOLE}`,
      `wispanel-conformance: merge: shard-1/report.json is shard 1/2, other-run.json shard 1/2: ${WHOLE}`,
      `wispanel-conformance: merge: ./shard-1/report.json is given twice: ${WHOLE}`,
      `wispanel-conformance: merge: whole.json is unsharded, shard-1/report.json shard 1/2: ${WHOLE}`,
      `wispanel-conformance: merge: shard-1/report.json is shard 1/2, thirds.json shard 2/3: ${WHOLE}`,
      'wispanel-conformance: merge: fleet.json is a fleet.json, shard-1/report.json a report.json: merge the shards of one panel or of one fleet',
      'wispanel-conformance: merge: cannot read missing.json (ENOENT)',
      'wispanel-conformance: merge: give --junit FILE, --report DIR or both: where the joined results go',
    ]);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
