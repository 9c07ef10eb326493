// A configured command in process, as main() hands it over: --list, a usage
// error (one line, exit 2, nothing sent), --cleanup-only, and runs against
// the embedded reference server, faultless and faulty, and against a panel
// that is not there.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test, vi } from 'vitest';
import { startReferenceServer } from '../../reference/server.ts';
import { captureConsole } from '../../test/helpers/console.ts';
import { startLocalServer } from '../../test/helpers/local-server.ts';
import { parseConfig } from '../config/config.ts';
import { runCommand } from './command.ts';

const root = mkdtempSync(join(tmpdir(), 'wispanel-command-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
});

/** The command as the CLI runs it, flags only; its exit code and what it printed. */
async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const printed = captureConsole();
  const code = await runCommand(parseConfig(argv, env, root), argv, env);
  vi.restoreAllMocks();
  return { code, stdout: printed.stdout, stderr: printed.stderr, all: printed.all };
}

/** Asserts a usage error: exit 2, nothing on stdout, one line on stderr; returns the line. */
function usageLine(r: { code: number; stdout: string; stderr: string }): string {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.split('\n'), r.stderr).toHaveLength(1);
  return r.stderr;
}

const FAST = ['--rate-window-ms', '1000'];

describe('--list', () => {
  test('prints the plan and the estimate, sends nothing, exit 0', async () => {
    const r = await run(['--list', '--profile', 'certify']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Requirements \(spec\/requirements\.yaml\)/);
    expect(r.stdout).toMatch(
      /\n212 of 212 cases planned; requests per key: admin \d+, reseller \d+, no key \d+ \(set-up and clean-up included\); estimated wall time .+$/,
    );
  });

  test("--json: the plan as data, with the flags' choices in it", async () => {
    const r = await run(['--list', '--json', '--operation', 'createReseller']);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as { cases: Array<{ operationId: string; state: string }>; estimate: { cases: { runnable: number } } };
    const planned = plan.cases.filter((c) => c.state === 'planned');
    expect(planned.length).toBe(plan.estimate.cases.runnable);
    expect(planned.length).toBeGreaterThan(0);
    expect(planned.every((c) => c.operationId === 'createReseller')).toBe(true);
  });
});

describe('a usage error: one line, exit 2, no request', () => {
  test('an operation no case stands for', async () => {
    expect(usageLine(await run(['--operation', 'noSuchOperation']))).toMatch(
      /^wispanel-conformance: --operation: unknown operationId noSuchOperation \(valid: getCurrentUser, /,
    );
  });

  test('an output that cannot be written, a gate file that cannot be read, a CA file that is not one: before the panel is asked anything', async (ctx) => {
    const server = await startReferenceServer({ windowMs: 1000 });
    ctx.onTestFinished(() => server.close());
    const panel = ['--base-url', server.baseUrl, '--token', server.adminToken, ...FAST];
    const dir = mkdtempSync(join(root, 'usage-'));
    mkdirSync(join(dir, 'junit.xml'));
    writeFileSync(join(dir, 'ca.pem'), 'not a certificate');
    expect(usageLine(await run([...panel, '--junit', join(dir, 'junit.xml')]))).toBe(
      `wispanel-conformance: --junit ${join(dir, 'junit.xml')}: is a folder; give a file`,
    );
    expect(usageLine(await run([...panel, '--baseline', join(dir, 'missing.json')]))).toBe(
      `wispanel-conformance: cannot read ${join(dir, 'missing.json')}: no such file`,
    );
    expect(usageLine(await run([...panel, '--ca-file', join(dir, 'ca.pem')]))).toBe(
      `wispanel-conformance: --ca-file accepts a PEM file with a CERTIFICATE block, ${join(dir, 'ca.pem')} has none`,
    );
    expect(server.requestLog).toEqual([]);
  });
});

describe('a run', () => {
  test('against the embedded reference server: the run line and the plan first, the summary, exit 0', async () => {
    const dir = mkdtempSync(join(root, 'run-'));
    const r = await run([...FAST, '--seed', '4242', '--filter', '^getCurrentUser\\.', '--report', join(dir, 'report')]);
    expect(r.code, r.all).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^wispanel-conformance \S+: run [a-z][a-z0-9]{5}, seed 4242, target http:\/\/127\.0\.0\.1:\d+\/api\/v1 \(embedded reference server\)$/,
    );
    expect(lines[1]).toMatch(
      /^plan: \d+ of 212 cases \(profile default\); requests per key: admin \d+, reseller \d+, no key \d+ \(set-up and clean-up included\); at 60\/1\.0 s about /,
    );
    expect(r.stdout).toContain('Verdict: CONFORMANT');
    // The paths last, where the eye lands.
    expect(lines.at(-1)).toBe(`written: report ${join(dir, 'report')} (report.json, report.md, report.html)`);
    const report = JSON.parse(readFileSync(join(dir, 'report', 'report.json'), 'utf8')) as { verdict: string; seed: number };
    expect(report).toMatchObject({ verdict: 'CONFORMANT', seed: 4242 });
  });

  test('the plan line and the summary name the keys alike; on a faultless panel, with no retry, their counts are equal', async () => {
    const r = await run([...FAST, '--seed', '4242']);
    expect(r.code, r.all).toBe(0);
    const planned = /^plan: .*; requests per key: (admin \d+, reseller \d+, no key \d+) \(set-up and clean-up included\);/m.exec(r.stdout);
    const sent =
      /^(\d+) requests sent \(retries included\), per key: (admin \d+, reseller \d+, no key \d+) \(credential none (\d+), invalid (\d+)\); .*; 0 answered 429$/m.exec(
        r.stdout,
      );
    expect(planned, r.stdout).not.toBeNull();
    expect(sent, r.stdout).not.toBeNull();
    expect(sent![2]).toBe(planned![1]);
    const [admin, reseller, noKey] = [...sent![2].matchAll(/\d+/g)].map(Number);
    expect(admin + reseller + noKey).toBe(Number(sent![1]));
    expect(Number(sent![3]) + Number(sent![4])).toBe(noKey);
  });

  test('against a faulty reference server: the failure on the console, exit 1; known as expected, exit 0', async () => {
    const dir = mkdtempSync(join(root, 'fault-'));
    const faulty = [...FAST, '--reference-fault', 'create-200', '--operation', 'createReseller'];
    const r = await run(faulty);
    expect(r.code, r.all).toBe(1);
    expect(r.stdout).toContain('RES-CREATE-201: expected 201, got 200');
    expect(r.stdout).toContain('Verdict: NOT CONFORMANT');
    writeFileSync(join(dir, 'expected.txt'), 'RES-CREATE-201 # the vendor answers 200\n');
    const known = await run([...faulty, '--expect-failures', join(dir, 'expected.txt')]);
    expect(known.code, known.all).toBe(0);
    expect(known.stdout.split('\n').at(-1)).toBe('still failing, as known: RES-CREATE-201');
  });

  test('a panel failing one requirement in 85-odd cases: the console leads with that requirement and stays under 150 lines; --verbose prints every case', async () => {
    const faulty = [...FAST, '--seed', '4242', '--reference-fault', 'envelope-status-mismatch', '--include', 'role'];
    const r = await run(faulty);
    expect(r.code, r.all).toBe(1);
    const lines = r.all.trimEnd().split('\n');
    expect(lines.length, r.all).toBeLessThanOrEqual(150);
    // After the operation table: the requirement, its level and its count, then one example.
    const table = r.stdout.split('\n').findIndex((line) => line.startsWith('operation '));
    const after =
      r.stdout
        .split('\n')
        .slice(table)
        .findIndex((line) => line === '') + table;
    expect(r.stdout.split('\n').slice(after + 1, after + 3)).toEqual([
      'Failed requirements (1)',
      expect.stringMatching(/^ {2}✗ ENV-STATUS-MATCH \(documented\) in (8\d) cases: /),
    ]);
    expect(r.stdout).toMatch(/^ {4}and 8\d more cases \(--verbose prints every case in full; so does report\.md\)$/m);
    const verbose = await run([...faulty, '--verbose']);
    expect(verbose.stdout).toMatch(/^Failures \(8\d\)$/m);
    expect(verbose.all.split('\n').length).toBeGreaterThan(300);
  });

  test('a panel that is not there: one line, exit 3; the JUnit file asked for says why every case did not run', async () => {
    const gone = await startLocalServer(() => {});
    await gone.close();
    const dir = mkdtempSync(join(root, 'gone-'));
    const junit = join(dir, 'junit.xml');
    const r = await run(['--base-url', `${gone.origin}/api/v1`, '--token', `wsp_${'ab'.repeat(24)}`, '--timeout', '2', '--junit', junit]);
    expect(r.code, r.all).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`^wispanel-conformance: target unreachable: ${gone.origin}/api/v1/auth/me: `));
    // The run line and the plan come before the first request; then no summary, only the file.
    expect(r.stdout.split('\n')).toEqual([
      expect.stringMatching(/^wispanel-conformance \S+: run /),
      expect.stringMatching(/^plan: /),
      `written: JUnit ${junit}`,
    ]);
    expect(readFileSync(junit, 'utf8')).toContain('not run: target unreachable');
  });
});

describe('--cleanup-only', () => {
  test("deletes the run's leftovers and nothing else; exit 0", async (ctx) => {
    const server = await startReferenceServer({
      windowMs: 1000,
      seed: {
        resellers: [
          { username: 'wcrun001left01', email: 'wcrun001left01@example.com' },
          { username: 'wcrun001left02', email: 'wcrun001left02@example.net' },
          { username: 'wcrun002other', email: 'wcrun002other@example.com' },
          { username: 'acme', email: 'ops@acme.example.com' },
        ],
      },
    });
    ctx.onTestFinished(() => server.close());
    const r = await run(['--base-url', server.baseUrl, '--token', server.adminToken, ...FAST, '--cleanup-only', 'run001']);
    expect(r.code, r.all).toBe(0);
    expect(r.stdout).toBe('clean-up of run run001: deleted 2 (wcrun001left01, wcrun001left02), already gone 0, failed 0');
    const left = (server.snapshot() as { resellers: Array<{ username: string }> }).resellers.map((x) => x.username);
    expect(left).toEqual(expect.arrayContaining(['wcrun002other', 'acme']));
    expect(left.filter((u) => u.startsWith('wcrun001'))).toEqual([]);
    // Only the admin key: no reseller key is used, no case is run.
    expect(server.requestLog.every((q) => q.method === 'GET' || q.method === 'DELETE')).toBe(true);
  });

  test('a panel that is not there: one line, exit 3, nothing deleted', async () => {
    const gone = await startLocalServer(() => {});
    await gone.close();
    const r = await run(['--base-url', `${gone.origin}/api/v1`, '--token', `wsp_${'ab'.repeat(24)}`, '--timeout', '2', '--cleanup-only', 'run001']);
    expect(r.code, r.all).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^wispanel-conformance: target unreachable: /);
  });
});
