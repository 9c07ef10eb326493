// The run's outputs through the CLI. A path that cannot be written is exit 2
// with one line before the first request (the server sees none); a run
// writes JUnit, the report and a HAR of its exchanges, and names them last.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../reference/server.ts';
import type { Har } from '../reporters/har.ts';
import { runCli, type CliOptions } from './helpers/cli.ts';
import { harValidator } from './helpers/har.ts';
import { readReport } from './helpers/outputs.ts';

let server: ReferenceServer;
let dir: string;
beforeAll(async () => {
  server = await startReferenceServer({ windowMs: 1000 });
  dir = mkdtempSync(join(tmpdir(), 'wispanel-outputs-'));
  // Open to the unprivileged user below, but for the locked folder.
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'folder'));
  writeFileSync(join(dir, 'file'), 'not a folder\n');
  mkdirSync(join(dir, 'report-with-folder', 'report.json'), { recursive: true });
  mkdirSync(join(dir, 'locked'));
  chmodSync(join(dir, 'locked'), 0o555);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Tests run as root, whom no permission bit stops: the "no permission" case
 *  runs the CLI as nobody instead (as itself when not root). */
const unprivileged: CliOptions = process.getuid?.() === 0 ? { user: { uid: 65534, gid: 65534 } } : {};

/** Whether nobody can read the checkout at all: a clone in a folder only
 *  root may enter (mktemp -d makes one) leaves the CLI unreachable to it. */
function unprivilegedCanRun(): boolean {
  if (!unprivileged.user) return true;
  const bin = fileURLToPath(new URL('../bin/wispanel-conformance.mjs', import.meta.url));
  return (
    spawnSync(process.execPath, ['-e', `require('node:fs').accessSync(${JSON.stringify(bin)})`], { uid: unprivileged.user.uid, gid: unprivileged.user.gid })
      .status === 0
  );
}

describe('an output that cannot be written: exit 2, one line, no request sent', () => {
  const cases: Array<{ name: string; args: () => string[]; opts?: () => CliOptions; line: () => string }> = [
    { name: '--junit names a folder', args: () => ['--junit', join(dir, 'folder')], line: () => `--junit ${join(dir, 'folder')}: is a folder; give a file` },
    { name: '--har names a folder', args: () => ['--har', join(dir, 'folder')], line: () => `--har ${join(dir, 'folder')}: is a folder; give a file` },
    {
      name: 'WISPANEL_HAR names a folder',
      args: () => [],
      opts: () => ({ env: { WISPANEL_HAR: join(dir, 'folder') } }),
      line: () => `--har ${join(dir, 'folder')}: is a folder; give a file`,
    },
    { name: '--report names a file', args: () => ['--report', join(dir, 'file')], line: () => `--report ${join(dir, 'file')}: is a file; give a folder` },
    {
      name: '--junit under a file',
      args: () => ['--junit', join(dir, 'file', 'out', 'junit.xml')],
      line: () => `--junit ${join(dir, 'file', 'out', 'junit.xml')}: cannot create it: ${join(dir, 'file')} is a file, not a folder`,
    },
    {
      name: '--report under a file',
      args: () => ['--report', join(dir, 'file', 'report')],
      line: () => `--report ${join(dir, 'file', 'report')}: cannot create it: ${join(dir, 'file')} is a file, not a folder`,
    },
    {
      name: '--report whose report.json is a folder',
      args: () => ['--report', join(dir, 'report-with-folder')],
      line: () => `--report ${join(dir, 'report-with-folder', 'report.json')}: is a folder; give a file`,
    },
    {
      name: '--har in a folder without write permission',
      args: () => ['--har', join(dir, 'locked', 'new', 'run.har')],
      opts: () => unprivileged,
      line: () => `--har ${join(dir, 'locked', 'new', 'run.har')}: cannot create it in ${join(dir, 'locked')} (EACCES)`,
    },
    // access(2) says yes to root there, but nothing can be created: tried, not asked.
    ...(existsSync('/proc/self')
      ? [{ name: '--junit in /proc', args: () => ['--junit', '/proc/junit.xml'], line: () => '--junit /proc/junit.xml: cannot create it in /proc (ENOENT)' }]
      : []),
    {
      name: 'two outputs on one path',
      args: () => ['--junit', join(dir, 'same', 'report.json'), '--report', join(dir, 'same')],
      line: () =>
        `--report ${join(dir, 'same', 'report.json')}: is also where --junit ${join(dir, 'same', 'report.json')} writes; give each output its own path`,
    },
  ];

  test.concurrent.for(cases)('$name', async ({ args, opts, line }, ctx) => {
    if (opts?.() === unprivileged && !unprivilegedCanRun())
      ctx.skip('the checkout is not readable by nobody (uid 65534), whom this case runs as: clone it where others may read');
    const r = await runCli(['--base-url', server.baseUrl, '--token', server.adminToken, ...args()], opts?.());
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`wispanel-conformance: ${line()}\n`);
  });

  afterAll(() => {
    // Not even the preflight was sent.
    expect(server.requestLog).toEqual([]);
  });
});

test('a run writes JUnit, the report and a valid HAR of every case exchange, without a key, and names them last', async () => {
  const out = join(dir, 'run', 'out');
  const args = ['--rate-window-ms', '1000', '--junit', join(out, 'junit.xml'), '--report', join(out, 'report'), '--har', join(out, 'run.har')];
  const r = await runCli(args, { env: { WISPANEL_BASE_URL: server.baseUrl, WISPANEL_TOKEN: server.adminToken } });
  expect(r.code, r.stderr).toBe(0);
  const har = JSON.parse(readFileSync(join(out, 'run.har'), 'utf8')) as Har;
  const validate = harValidator();
  expect(validate(har), JSON.stringify(validate.errors)).toBe(true);

  const report = readReport(join(out, 'report'));
  const exchanges = report.cases.flatMap((c) => c.exchanges);
  expect(har.log.entries).toHaveLength(exchanges.length);
  expect(har.log.entries[0].request.url).toBe(server.baseUrl + exchanges[0].request.path);
  expect(har.log.comment).toBe(`run ${report.runId}, seed ${report.seed}`);
  expect(har.log.creator).toEqual({ name: 'wispanel-conformance', version: report.suiteVersion });

  // Every key the server saw (admin, the minted reseller key, made-up ones).
  const text = readFileSync(join(out, 'run.har'), 'utf8');
  const keys = new Set(server.requestLog.map((q) => q.token).filter((t): t is string => t !== null && t.length >= 12));
  expect(keys.size).toBeGreaterThan(1);
  for (const key of keys) expect(text.includes(key.replace(/^wsp_/, '')), `${key.slice(0, 8)}… in the HAR`).toBe(false);
  expect(text).not.toMatch(/wsp_[0-9a-f]{8,}/);

  expect(r.stdout.trimEnd().split('\n').slice(-3)).toEqual([
    `written: JUnit ${join(out, 'junit.xml')}`,
    `written: report ${join(out, 'report')} (report.json, report.md, report.html)`,
    `written: HAR ${join(out, 'run.har')} (${exchanges.length} exchanges)`,
  ]);
});

// A disk that fills during the run: the other outputs and the summary are
// written all the same, the one that failed is named, and the exit is 2.
test.skipIf(!existsSync('/dev/full'))('an output that fails at the end of the run (a full disk): one line naming it, the rest written, exit 2', async () => {
  const out = join(dir, 'full');
  const r = await runCli([
    '--base-url',
    server.baseUrl,
    '--token',
    server.adminToken,
    '--rate-window-ms',
    '1000',
    '--junit',
    '/dev/full',
    '--report',
    join(out, 'report'),
  ]);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toMatch(/^Verdict: CONFORMANT/m);
  expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`written: report ${join(out, 'report')} (report.json, report.md, report.html)`);
  expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('wispanel-conformance: --junit /dev/full: could not be written (ENOSPC)');
  expect(readReport(join(out, 'report')).verdict).toBe('CONFORMANT');
});
