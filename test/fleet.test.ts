// A fleet (--targets) through the CLI: the panels run side by side in one
// process and one vitest worker, each judged alone. A faulty panel fails
// only itself; a closed port and a panel that never answers are reported
// unreachable with the reason while the others run; the exit code says the
// worst; Ctrl-C cleans up every panel.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, type TestContext } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../reference/server.ts';
import { runPrefix } from '../fixtures/data.ts';
import type { FleetReport } from '../src/model/fleet.ts';
import { runCli, startCli, waitForRun } from './helpers/cli.ts';
import { startLocalServer } from './helpers/local-server.ts';
import { readReport } from './helpers/outputs.ts';
import { serveSeeded } from './helpers/seeded.ts';
import { makeSelfSignedCert } from './helpers/tls.ts';
import { antJUnitErrors, xpath } from './helpers/xml.ts';

const root = mkdtempSync(join(tmpdir(), 'wispanel-fleet-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Target {
  name: string;
  baseUrl: string;
  token: string;
  resellerToken?: string;
}

/** A working directory with panels.yaml naming `targets`, their keys in the environment. */
/** A request times out after 30 s (the default), so that a loaded machine's
 *  slow answers are not taken for a hanging panel. */
function fleetDir(targets: Target[], defaults: string[] = ['rate-window-ms: 1000']): { cwd: string; env: Record<string, string> } {
  const cwd = mkdtempSync(join(root, 'fleet-'));
  const env: Record<string, string> = {};
  const lines = ['defaults:', ...defaults.map((d) => `  ${d}`), 'targets:'];
  for (const t of targets) {
    const variable = `${t.name.toUpperCase().replaceAll('-', '_')}_TOKEN`;
    env[variable] = t.token;
    lines.push(`  - name: ${t.name}`, `    base-url: ${t.baseUrl}`, `    token: \${${variable}}`);
    if (t.resellerToken) {
      env[`${variable}_R`] = t.resellerToken;
      lines.push(`    reseller-token: \${${variable}_R}`);
    }
  }
  writeFileSync(join(cwd, 'panels.yaml'), `${lines.join('\n')}\n`);
  return { cwd, env };
}

async function reference(ctx: TestContext, fault?: string): Promise<ReferenceServer> {
  const server = await startReferenceServer({ windowMs: 1000, fault });
  ctx.onTestFinished(() => server.close());
  return server;
}

const asTarget = (name: string, s: ReferenceServer): Target => ({ name, baseUrl: s.baseUrl, token: s.adminToken });

/** A port nothing listens on. */
async function closedPort(): Promise<string> {
  const gone = await startLocalServer(() => {});
  await gone.close();
  return `${gone.origin}/api/v1`;
}

/** The run's prefixes (one per panel) appear nowhere on `server`. */
function leftNothing(server: ReferenceServer, stdout: string): void {
  const runIds = [...stdout.matchAll(/^[a-z0-9-]+: run ([a-z0-9]{6}), target/gm)].map((m) => m[1]);
  expect(runIds.length).toBeGreaterThan(0);
  for (const runId of runIds) expect(JSON.stringify(server.snapshot())).not.toContain(runPrefix(runId));
}

describe.concurrent('a fleet', () => {
  test('faultless, faulty, closed and hanging panels: each judged alone, exit 1, one JUnit and a report per panel with the fleet index', async (ctx) => {
    const [ok, faulty] = await Promise.all([reference(ctx), reference(ctx, 'create-200')]);
    const hanging = await startLocalServer(() => {});
    ctx.onTestFinished(() => hanging.close());
    const closed = await closedPort();
    // 10 s: the hanging panel is given up on in that time, and the others'
    // answers come well within it on a loaded machine.
    const { cwd, env } = fleetDir(
      [
        asTarget('ok', ok),
        asTarget('faulty', faulty),
        { name: 'closed', baseUrl: closed, token: ok.adminToken },
        { name: 'hanging', baseUrl: `${hanging.origin}/api/v1`, token: ok.adminToken },
      ],
      ['rate-window-ms: 1000', 'timeout: 10'],
    );
    const r = await runCli(['--targets', 'panels.yaml', '--junit', 'out/junit.xml', '--report', 'out/report'], { cwd, env });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at \S|suite error/);

    // The console: a line per panel and the fleet's.
    expect(r.stdout).toMatch(/^ok: CONFORMANT \(default profile; [^)]*\); 212 cases: 119 passed, 0 failed/m);
    expect(r.stdout).toMatch(/^faulty: NOT CONFORMANT \([^)]*\): failed RES-CREATE-201; /m);
    expect(r.stdout).toContain(`closed: UNREACHABLE: target unreachable: ${closed}/auth/me: connection refused`);
    expect(r.stdout).toContain(`hanging: UNREACHABLE: target did not answer: GET ${hanging.origin}/api/v1/auth/me`);
    expect(r.stdout).toContain('Fleet: NOT CONFORMANT: 1 of 4 panels conformant, 1 not conformant, 2 not tested');

    // fleet.json: the data of the index.
    const fleet = JSON.parse(readFileSync(join(cwd, 'out/report/fleet.json'), 'utf8')) as FleetReport;
    expect(fleet.verdict).toBe('NOT CONFORMANT');
    expect(fleet.panels.map((p) => [p.name, p.verdict, p.exitCode, p.failedRequirements])).toEqual([
      ['ok', 'CONFORMANT', 0, []],
      ['faulty', 'NOT CONFORMANT', 1, ['RES-CREATE-201']],
      ['closed', 'UNREACHABLE', 3, []],
      ['hanging', 'UNREACHABLE', 3, []],
    ]);
    const [okRow, faultyRow, closedRow] = fleet.panels;
    expect(okRow.requests).toBeGreaterThan(100);
    expect(okRow.results['RES-CREATE-201']).toBe('passed');
    expect(faultyRow.results['RES-CREATE-201']).toBe('failed');
    expect(Object.keys(okRow.results)).toEqual(fleet.requirements.map((q) => q.id));
    expect(closedRow.reason).toMatch(/^target unreachable: /);
    for (const index of ['index.md', 'index.html']) {
      const text = readFileSync(join(cwd, 'out/report', index), 'utf8');
      for (const p of fleet.panels) expect(text, index).toContain(p.name);
      expect(text).toContain('RES-CREATE-201');
    }

    // Each panel's own report, as a run of it alone writes it.
    expect(readReport(join(cwd, 'out/report/ok')).verdict).toBe('CONFORMANT');
    expect(readReport(join(cwd, 'out/report/faulty')).requirements.find((q) => q.id === 'RES-CREATE-201')!.result).toBe('failed');
    const unreachable = readReport(join(cwd, 'out/report/closed'));
    expect(unreachable.counts.passed).toBe(0);
    expect(unreachable.cases.find((c) => c.outcome === 'skipped')!.reason).toMatch(/^not run: target unreachable: /);
    for (const name of ['ok', 'faulty', 'closed', 'hanging'])
      for (const file of ['report.md', 'report.html']) expect(existsSync(join(cwd, 'out/report', name, file))).toBe(true);

    // One JUnit file: a testsuite per panel and operation group.
    const xml = readFileSync(join(cwd, 'out/junit.xml'), 'utf8');
    expect(antJUnitErrors(xml)).toEqual([]);
    expect(xpath(xml, 'count(//testcase)')).toBe(String(4 * 212));
    expect(xpath(xml, 'string(//testsuite[@name="faulty.resellers.create"]/testcase[failure]/@classname)')).toBe('faulty.resellers.create');
    expect(xpath(xml, 'count(//testsuite[starts-with(@name, "ok.")]//failure)')).toBe('0');
    expect(xpath(xml, 'string(//testsuite[starts-with(@name, "closed.")][1]/properties/property[@name="target.baseUrl"]/@value)')).toBe(closed);

    // Nothing of the run is left on the panels it reached; no key on the console.
    leftNothing(ok, r.stdout);
    leftNothing(faulty, r.stdout);
    expect(r.stdout + r.stderr).not.toContain(ok.adminToken);
  });

  test('exit 3 when a panel is unreachable and none fails; exit 0 when every panel is conformant', async (ctx) => {
    const [a, b] = await Promise.all([reference(ctx), reference(ctx)]);
    const one = fleetDir([asTarget('a', a), { name: 'gone', baseUrl: await closedPort(), token: a.adminToken }]);
    const all = fleetDir([asTarget('a', a), asTarget('b', b)]);
    const [unreachable, conformant] = await Promise.all([
      runCli(['--targets', 'panels.yaml'], one),
      runCli([], { ...all, env: { ...all.env, WISPANEL_TARGETS: 'panels.yaml' } }),
    ]);
    expect(unreachable.code, unreachable.stdout + unreachable.stderr).toBe(3);
    expect(unreachable.stdout).toMatch(/^a: CONFORMANT /m);
    expect(unreachable.stdout).toMatch(/^gone: UNREACHABLE: target unreachable: /m);
    expect(conformant.code, conformant.stdout + conformant.stderr).toBe(0);
    expect(conformant.stdout).toContain('Fleet: CONFORMANT: 2 of 2 panels conformant');
  });

  test("a panel's key refused (the token, the reseller key) or its certificate untrusted: only that panel not tested, and the hint names its target entry, not a flag", async (ctx) => {
    const [a, b] = await Promise.all([reference(ctx), reference(ctx)]);
    const tlsDir = mkdtempSync(join(root, 'tls-'));
    const cert = makeSelfSignedCert(tlsDir);
    const tls = await startReferenceServer({ windowMs: 1000, tls: { key: cert.key, cert: cert.cert } });
    ctx.onTestFinished(() => tls.close());
    const bogus = `wsp_${'0'.repeat(48)}`;
    const { cwd, env } = fleetDir([
      asTarget('a', a),
      { name: 'bad-key', baseUrl: b.baseUrl, token: bogus },
      { ...asTarget('bad-reseller', b), resellerToken: bogus },
      asTarget('untrusted', tls),
    ]);
    const r = await runCli(['--targets', 'panels.yaml', '--filter', '^getCurrentUser\\.positive'], { cwd, env });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stdout).toMatch(/^a: CONFORMANT /m);
    expect(r.stderr).toContain(
      `bad-key: not tested: the token was rejected: GET /auth/me answered 401 at ${b.baseUrl}; check the token of target bad-key in panels.yaml\n`,
    );
    expect(r.stderr).toContain(
      `bad-reseller: not tested: the reseller key was rejected: GET /auth/me answered 401 at ${b.baseUrl}; check the reseller-token of target bad-reseller in panels.yaml\n`,
    );
    expect(r.stderr).toContain(
      'untrusted: not tested: TLS failure talking to ' +
        `${tls.baseUrl}/auth/me: certificate not trusted (DEPTH_ZERO_SELF_SIGNED_CERT). ` +
        "Trust the panel's CA with ca-file: PATH in target untrusted in panels.yaml, or turn verification off with insecure: true in target untrusted in panels.yaml\n",
    );
    expect(r.stdout + r.stderr).not.toMatch(/--token|--reseller-token|--ca-file|WISPANEL_/);
    expect(r.stdout + r.stderr).not.toContain(bogus);
  });

  test('Ctrl-C during a fleet run: every panel cleaned up, exit 130', async (ctx) => {
    const servers = await Promise.all([serveSeeded(ctx), serveSeeded(ctx)]);
    const before = servers.map((s) => s.snapshot());
    const { cwd, env } = fleetDir([asTarget('one', servers[0]), asTarget('two', servers[1])], ['rate-window-ms: 1000', 'profile: certify']);
    const cli = startCli(['--targets', 'panels.yaml'], { cwd, env, processGroup: true });
    ctx.onTestFinished(() => cli.stop());
    const created = (s: ReferenceServer) => s.requestLog.some((q) => q.method === 'POST' && q.status === 201);
    await waitForRun(cli, () => servers.every(created), 'both panels to hold a reseller of the run');
    expect(servers.map((s) => s.snapshot())).not.toEqual(before);
    process.kill(-cli.child.pid!, 'SIGINT');
    const r = await cli.done;
    expect(r.code, r.stdout + r.stderr).toBe(130);
    expect(r.stderr).toContain('interrupted: cancelling, then cleaning up');
    expect(r.stderr).not.toMatch(/could not delete|suite error|\n\s+at \S/);
    expect(servers.map((s) => s.snapshot())).toEqual(before);
  });
});
