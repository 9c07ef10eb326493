// The command line's entry in process: --help, --version and usage errors
// answered at once; `merge` and configured commands handed on.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { captureConsole } from '../../test/helpers/console.ts';
import { suiteVersion } from '../run/version.ts';
import { main } from './main.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const printed = captureConsole();
  try {
    const code = await main(argv, env);
    return { code, stdout: printed.stdout, stderr: printed.stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('main', () => {
  test('--help and -h: the usage, every flag and the exit codes; exit 0', async () => {
    for (const flag of ['--help', '-h']) {
      const r = await cli([flag]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^Usage: wispanel-conformance \[options\]\n/);
      expect(r.stdout).toContain('--cleanup-only RUN_ID');
      expect(r.stdout).toMatch(/^ {2}130 {2}interrupted \(after clean-up\)$/m);
      // Every form of the command, and the failure rule of each level where exit 0 is explained.
      expect(r.stdout).toMatch(/^ {7}wispanel-conformance merge .*FILE\.\.\.$/m);
      expect(r.stdout).toMatch(
        /^ {2}0 {4}conformant: no documented or standard requirement failed \(standard ones only warn with --lenient; inferred ones fail only with --strict\)/m,
      );
    }
  });

  test("--version prints the suite's version", async () => {
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: suiteVersion(), stderr: '' });
    expect(suiteVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('--help answers even when the config file named is missing', async () => {
    const r = await cli(['--help'], { WISPANEL_CONFIG: '/nonexistent/wispanel.config.yaml' });
    expect(r.code).toBe(0);
    const broken = await cli(['--list'], { WISPANEL_CONFIG: '/nonexistent/wispanel.config.yaml' });
    expect([broken.code, broken.stdout, broken.stderr]).toEqual([
      2,
      '',
      'wispanel-conformance: config file /nonexistent/wispanel.config.yaml: cannot read it (ENOENT)',
    ]);
  });

  test('a usage error: one line, exit 2; a key typed where it does not belong is not echoed', async () => {
    const key = `wsp_${'9f'.repeat(24)}`;
    expect(await cli(['--bogus'])).toEqual({ code: 2, stdout: '', stderr: 'wispanel-conformance: unknown flag --bogus (see --help)' });
    expect(await cli([key])).toEqual({ code: 2, stdout: '', stderr: "wispanel-conformance: unexpected argument '[redacted]' (see --help)" });
    expect(await cli(['--seed', key])).toEqual({
      code: 2,
      stdout: '',
      stderr: "wispanel-conformance: --seed accepts an integer from 0 to 2147483647, got '[redacted]'",
    });
  });

  test('`merge` goes to the merge command, a configured command to the run', async () => {
    expect(await cli(['merge', '--junit', 'x.xml'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "wispanel-conformance: merge: name the shards' report.json or fleet.json files (usage: wispanel-conformance merge [--junit FILE] [--report DIR] [--junit-omit-disabled] [--format NAME] [--verbose] FILE...)",
    });
    expect(await cli(['merge', '--format', 'gitlab', 'a.json'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "wispanel-conformance: merge: --format accepts one of plain, github, got 'gitlab'",
    });
    const list = await cli(['--list', '--json'], { WISPANEL_PROFILE: 'certify' });
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { estimate: { cases: { runnable: number } } }).estimate.cases.runnable).toBe(212);
  });
});
