// GitHub Actions' outputs: on where the runner says so (GITHUB_ACTIONS=true)
// or with --format github, off with --format plain; runs in process against
// the embedded reference server (faulty and faultless), a panel that is not
// there, a fleet and a merge, each as a runner would see them: the workflow
// commands on stdout, the job summary appended to $GITHUB_STEP_SUMMARY.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test, vi } from 'vitest';
import { startReferenceServer } from '../../reference/server.ts';
import { captureConsole } from '../../test/helpers/console.ts';
import { startLocalServer } from '../../test/helpers/local-server.ts';
import { parseConfig } from '../config/config.ts';
import { runCommand } from './command.ts';
import { emitGithub, githubOutputs } from './github.ts';
import { mergeCommand } from './merge.ts';
import type { Written } from './outputs.ts';

const root = mkdtempSync(join(tmpdir(), 'wispanel-github-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
});

const FAST = ['--rate-window-ms', '1000', '--seed', '4242'];

/** A runner's environment: GITHUB_ACTIONS and a fresh summary file. */
function runner(): { env: NodeJS.ProcessEnv; summary: string } {
  const summary = join(mkdtempSync(join(root, 'runner-')), 'step_summary.md');
  writeFileSync(summary, '');
  return { env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary }, summary };
}

/** The command as the CLI runs it; its exit code and what it printed. */
async function run(argv: string[], env: NodeJS.ProcessEnv) {
  const printed = captureConsole();
  const code = await runCommand(parseConfig(argv, env, root), argv, env);
  vi.restoreAllMocks();
  return { code, stdout: printed.stdout, stderr: printed.stderr, all: printed.all };
}

const commands = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::'));

describe('githubOutputs', () => {
  test('on inside GitHub Actions unless --format says otherwise; --format github anywhere', () => {
    expect(githubOutputs(undefined, { GITHUB_ACTIONS: 'true' })).toBe(true);
    expect(githubOutputs(undefined, {})).toBe(false);
    expect(githubOutputs(undefined, { GITHUB_ACTIONS: 'false' })).toBe(false);
    expect(githubOutputs('plain', { GITHUB_ACTIONS: 'true' })).toBe(false);
    expect(githubOutputs('github', {})).toBe(true);
  });

  test('the summary is appended; one that cannot be written is a failed output', async () => {
    const { env, summary } = runner();
    writeFileSync(summary, 'an earlier step\n');
    const out: Written = { written: [], failed: [] };
    const printed = captureConsole();
    await emitGithub(['::error title=A::b'], '## done\n', env, out);
    vi.restoreAllMocks();
    expect(printed.stdout).toBe('::error title=A::b');
    expect(readFileSync(summary, 'utf8')).toBe('an earlier step\n## done\n');
    expect(out).toEqual({ written: [`job summary ${summary}`], failed: [] });
    const folder = join(root, 'a-folder');
    mkdirSync(folder);
    await emitGithub([], '## done\n', { GITHUB_STEP_SUMMARY: folder }, out);
    expect(out.failed).toEqual([`$GITHUB_STEP_SUMMARY ${folder}: could not be written (EISDIR)`]);
  });
});

describe('a run in GitHub Actions', () => {
  test('a requirement failing in many cases: one ::error naming it, its level, what was expected and came back, the first case; the job summary', async () => {
    const { env, summary } = runner();
    const report = join(root, 'faulty-report');
    const r = await run([...FAST, '--reference-fault', 'envelope-status-mismatch', '--report', report], env);
    expect(r.code, r.all).toBe(1);
    expect(commands(r.stdout)).toEqual([
      expect.stringMatching(
        /^::error title=ENV-STATUS-MATCH \(documented\)::expected envelope status \d{3}, got 200 \([A-Z]+ \/\S* -> \d{3}\); case \S+: .+, and \d+ more cases$/,
      ),
    ]);
    // The paths last, the job summary among them.
    expect(r.stdout.split('\n').slice(-2)).toEqual([`written: report ${report} (report.json, report.md, report.html)`, `written: job summary ${summary}`]);
    const text = readFileSync(summary, 'utf8');
    expect(text).toMatch(/^## WisPanel API conformance report: NOT CONFORMANT\n\n\*\*NOT CONFORMANT \(default profile; /);
    expect(text).toMatch(/^\| Target \| http:\/\/127\.0\.0\.1:\d+\/api\/v1 \(embedded reference server\) \|$/m);
    expect(text).toContain('| Seed | 4242 (replay with --seed 4242) |');
    expect(text).toContain(`| Reports | report ${report} (report.json, report.md, report.html) |`);
    expect(text).toMatch(/^\| `ENV-STATUS-MATCH` \| documented \| \d{2} \| `\S+` \|$/m);
  });

  test('a passing run writes its summary and no ::error; --format plain turns both off', async () => {
    const { env, summary } = runner();
    const r = await run([...FAST, '--filter', '^getCurrentUser\\.'], env);
    expect(r.code, r.all).toBe(0);
    expect(commands(r.stdout)).toEqual([]);
    expect(readFileSync(summary, 'utf8')).toMatch(/^## WisPanel API conformance report: CONFORMANT\n/);
    const plain = runner();
    const off = await run([...FAST, '--filter', '^getCurrentUser\\.', '--format', 'plain'], plain.env);
    expect(commands(off.stdout)).toEqual([]);
    expect(readFileSync(plain.summary, 'utf8')).toBe('');
  });

  test('--format github outside a runner: the commands, and no summary file to write', async () => {
    const r = await run([...FAST, '--reference-fault', 'create-200', '--operation', 'createReseller', '--format', 'github'], {});
    expect(r.code, r.all).toBe(1);
    expect(commands(r.stdout)).toEqual([expect.stringMatching(/^::error title=RES-CREATE-201 \(documented\)::expected 201, got 200 /)]);
    expect(r.stdout).not.toContain('job summary');
  });

  test('a failure the --expect-failures file knows: a warning, not an error', async () => {
    const { env } = runner();
    const expected = join(root, 'expected.txt');
    writeFileSync(expected, 'RES-CREATE-201 # the vendor answers 200\n');
    const r = await run([...FAST, '--reference-fault', 'create-200', '--operation', 'createReseller', '--expect-failures', expected], env);
    expect(r.code, r.all).toBe(0);
    expect(commands(r.stdout)).toEqual([
      expect.stringMatching(/^::warning title=RES-CREATE-201 \(documented%2C known\)::known failure \(regression gate\): expected 201, got 200 /),
    ]);
  });

  test('a panel that is not there: one ::error that says why, and the summary', async () => {
    const gone = await startLocalServer(() => {});
    await gone.close();
    const { env, summary } = runner();
    const r = await run(['--base-url', `${gone.origin}/api/v1`, '--token', `wsp_${'ab'.repeat(24)}`, '--timeout', '2'], env);
    expect(r.code, r.all).toBe(3);
    expect(commands(r.stdout)).toEqual([expect.stringMatching(/^::error title=not tested::target unreachable: /)]);
    expect(readFileSync(summary, 'utf8')).toMatch(/^\| Not tested \| target unreachable: /m);
  });
});

test('a fleet: each annotation names its panel; the summary has a row per panel', async (ctx) => {
  const [ok, bad] = await Promise.all([startReferenceServer({ windowMs: 1000 }), startReferenceServer({ windowMs: 1000, fault: 'create-200' })]);
  ctx.onTestFinished(() => Promise.all([ok.close(), bad.close()]).then(() => undefined));
  const file = join(root, 'panels.yaml');
  writeFileSync(
    file,
    [
      'defaults:',
      '  rate-window-ms: 1000',
      '  operation: createReseller',
      'targets:',
      ...(
        [
          ['ok', ok],
          ['bad', bad],
        ] as const
      ).flatMap(([name, server]) => [`  - name: ${name}`, `    base-url: ${server.baseUrl}`, `    token: \${${name.toUpperCase()}_TOKEN}`]),
    ].join('\n'),
  );
  const { env, summary } = runner();
  const r = await run(['--targets', file, '--seed', '4242'], { ...env, OK_TOKEN: ok.adminToken, BAD_TOKEN: bad.adminToken });
  expect(r.code, r.all).toBe(1);
  expect(commands(r.stdout)).toEqual([expect.stringMatching(/^::error title=bad%3A RES-CREATE-201 \(documented\)::expected 201, got 200 /)]);
  const text = readFileSync(summary, 'utf8');
  expect(text).toMatch(/^## WisPanel API conformance of a fleet: NOT CONFORMANT\n/);
  expect(text).toMatch(/^\| bad \| `http:\/\/127\.0\.0\.1:\d+\/api\/v1` \| \*\*NOT CONFORMANT\*\* \| `RES-CREATE-201` \(1\) \| `[a-z0-9]{6}` \|$/m);
  expect(text).toMatch(/^\| ok \| .* \| CONFORMANT \| - \|/m);
});

test("merge in GitHub Actions: the joined run's annotations and summary", async () => {
  const report = join(root, 'to-merge');
  await run([...FAST, '--reference-fault', 'create-200', '--operation', 'createReseller', '--report', report], {});
  const { env, summary } = runner();
  const out = join(root, 'merged');
  const printed = captureConsole();
  const code = await mergeCommand(['--report', out, join(report, 'report.json')], env);
  vi.restoreAllMocks();
  expect(code, printed.all).toBe(1);
  expect(commands(printed.stdout)).toEqual([expect.stringMatching(/^::error title=RES-CREATE-201 \(documented\)::/)]);
  expect(readFileSync(summary, 'utf8')).toContain(`| Reports | report ${out} (report.json, report.md, report.html) |`);
  expect(existsSync(join(out, 'report.json'))).toBe(true);
});
