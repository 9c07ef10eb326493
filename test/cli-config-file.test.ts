// The config file through the CLI: options by their long flag name, ${VAR}
// from the environment, flag > environment > file > default, keys refused,
// and one line (exit 2) for every mistake, naming the file and the key. Its
// JSON Schema is tested beside the module (src/config/config-file.test.ts).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { startReferenceServer } from '../reference/server.ts';
import { runCli, usageErrorLine, type CliResult } from './helpers/cli.ts';
import { readReport } from './helpers/outputs.ts';

const root = mkdtempSync(join(tmpdir(), 'wispanel-config-file-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh working directory holding `files`. */
function workdir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(root, 'wd-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** How many cases --list plans: 119 in the default profile, 212 in certify. */
function planned(r: CliResult): number {
  expect(r.code, r.stderr).toBe(0);
  return Number(/^(\d+) of \d+ cases planned/m.exec(r.stdout)![1]);
}

const KEY = `wsp_${'c0ffee'.repeat(8)}`;

describe.concurrent('the config file', () => {
  test('wispanel.config.yaml in the working directory is read; --config and WISPANEL_CONFIG name another', async () => {
    const dir = workdir({ 'wispanel.config.yaml': 'profile: certify\n', 'other.yaml': 'profile: certify\nexclude: [auth]\n' });
    const [found, flag, env, none] = await Promise.all([
      runCli(['--list'], { cwd: dir }),
      runCli(['--list', '--config', 'other.yaml'], { cwd: dir }),
      runCli(['--list'], { cwd: dir, env: { WISPANEL_CONFIG: join(dir, 'other.yaml') } }),
      runCli(['--list'], { cwd: root }),
    ]);
    expect(planned(found)).toBe(212);
    expect(planned(flag)).toBe(212 - 92);
    expect(planned(env)).toBe(212 - 92);
    expect(planned(none)).toBe(119);
  });

  test('precedence: flag > environment > file > default', async () => {
    const dir = workdir({ 'wispanel.config.yaml': 'profile: certify\n' });
    const [file, envWins, flagWins] = await Promise.all([
      runCli(['--list'], { cwd: dir }),
      runCli(['--list'], { cwd: dir, env: { WISPANEL_PROFILE: 'default' } }),
      runCli(['--list', '--profile', 'certify'], { cwd: dir, env: { WISPANEL_PROFILE: 'default' } }),
    ]);
    expect([planned(file), planned(envWins), planned(flagWins)]).toEqual([212, 119, 212]);
  });

  test('a run configured by the file alone, its key from ${VAR}: the report records the file, never the key', async (ctx) => {
    const server = await startReferenceServer({ windowMs: 1000 });
    ctx.onTestFinished(() => server.close());
    const dir = workdir({
      'wispanel.config.yaml': [
        '# staging panel',
        'base-url: ${PANEL_URL}',
        'token: ${PANEL_KEY}',
        "filter: '^getCurrentUser\\.positive'",
        'rate-window-ms: 1000',
        'report: out/report',
        'product: "Acme Panel"',
        'product-version: "2.10"',
        'include:',
        '  - auth',
        '',
      ].join('\n'),
    });
    const r = await runCli([], { cwd: dir, env: { PANEL_URL: server.baseUrl, PANEL_KEY: server.adminToken } });
    expect(r.code, r.stderr).toBe(0);
    const report = readReport(join(dir, 'out', 'report'));
    expect(report.target.baseUrl).toBe(server.baseUrl);
    expect(report.product).toMatchObject({ name: 'Acme Panel', version: '2.10' });
    expect(report.config).toMatchObject({ config: 'wispanel.config.yaml', token: '[redacted]', include: ['auth'], rateWindowMs: 1000 });
    const everything = r.stdout + r.stderr + readFileSync(join(dir, 'out', 'report', 'report.json'), 'utf8');
    expect(everything).not.toContain(server.adminToken);
  });

  test('a literal key is refused, wherever it stands, and not printed', async () => {
    const [value, comment] = await Promise.all([
      runCli(['--list'], { cwd: workdir({ 'wispanel.config.yaml': `profile: certify\ntoken: ${KEY}\n` }) }),
      runCli(['--list'], { cwd: workdir({ 'wispanel.config.yaml': `# old key: "${KEY}"\nprofile: certify\n` }) }),
    ]);
    expect(usageErrorLine(value)).toBe(
      'wispanel-conformance: wispanel.config.yaml: line 2 holds an API key; keys come from the environment: use token: ${WISPANEL_TOKEN}',
    );
    expect(usageErrorLine(comment)).toMatch(/^wispanel-conformance: wispanel\.config\.yaml: line 1 holds an API key;/);
    expect(value.stderr + comment.stderr).not.toContain(KEY.slice(4));
  });

  test.for([
    ['an unset variable', 'base-url: ${PANEL_URL}\n', 'wispanel.config.yaml: base-url refers to ${PANEL_URL}, which is not set in the environment'],
    [
      'a key that is no reference',
      'token: hello\n',
      'wispanel.config.yaml: token accepts only a reference to the environment, such as ${WISPANEL_TOKEN}: keys come from the environment',
    ],
    ['an unknown key', 'profile: certify\ncolour: red\n', "wispanel.config.yaml: unknown key 'colour' (accepts base-url, token, reseller-token, junit, "],
    ['a mode of the command line', 'list: true\n', "wispanel.config.yaml: unknown key 'list' (accepts "],
    ['the flag with its dashes', '--profile: certify\n', "wispanel.config.yaml: unknown key '--profile' (accepts "],
    ['a word for a number', 'rate: fast\n', "wispanel.config.yaml: rate accepts an integer from 1 to 100000, got 'fast'"],
    ['a number out of range', 'rate: 0\n', "wispanel.config.yaml: rate accepts an integer from 1 to 100000, got '0'"],
    ['a list for a number', 'timeout: [1]\n', 'wispanel.config.yaml: timeout accepts an integer from 1 to 3600, got [1]'],
    ['a number for text', 'product-version: 2.10\n', 'wispanel.config.yaml: product-version accepts a string, got 2.1 (a number: put text in quotes)'],
    ['an unknown kind in a list', 'include: [auth, bogus]\n', 'wispanel.config.yaml: include accepts a comma-separated list of positive, lifecycle, auth,'],
    ['a word for a switch', 'strict: maybe\n', "wispanel.config.yaml: strict accepts true or false, got 'maybe'"],
    ['a choice it lacks', 'profile: full\n', "wispanel.config.yaml: profile accepts one of default, certify, got 'full'"],
    ['a list at the top', '- profile: certify\n', 'wispanel.config.yaml: accepts a mapping of options (key: value), got a list'],
    ['broken YAML', 'profile: certify\nprofile: default\n', 'wispanel.config.yaml: not valid YAML: Map keys must be unique at line 2, column 1'],
    [
      'a malformed reference',
      'vendor: ${not a name}\n',
      "wispanel.config.yaml: vendor: '${not a name}' is not a reference to an environment variable (write $${ for a literal ${)",
    ],
  ])('%s: exit 2, one line naming the file and the key', async ([, text, line]) => {
    const r = await runCli(['--list'], { cwd: workdir({ 'wispanel.config.yaml': text }) });
    expect(usageErrorLine(r).startsWith(`wispanel-conformance: ${line}`), r.stderr).toBe(true);
  });

  test('a --config that cannot be read; --help and --version answer despite a broken file', async () => {
    const dir = workdir({ 'wispanel.config.yaml': 'colour: red\n' });
    mkdirSync(join(dir, 'folder.yaml'));
    const [missing, folder, help, version] = await Promise.all([
      runCli(['--list', '--config', 'missing.yaml'], { cwd: dir }),
      runCli(['--list'], { cwd: dir, env: { WISPANEL_CONFIG: 'folder.yaml' } }),
      runCli(['--help'], { cwd: dir }),
      runCli(['--version'], { cwd: dir }),
    ]);
    expect(usageErrorLine(missing)).toBe('wispanel-conformance: config file missing.yaml: cannot read it (ENOENT)');
    expect(usageErrorLine(folder)).toBe('wispanel-conformance: config file folder.yaml: cannot read it (EISDIR)');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--config FILE');
    expect(version.code).toBe(0);
  });

  test('${VAR} in lists, $${ for a literal ${, and an empty variable counts as not set', async () => {
    const dir = workdir({ 'wispanel.config.yaml': 'include: ["${KIND}", role]\nfilter: "$${x}|."\nprofile: ${EMPTY}\n' });
    const [r, flags] = await Promise.all([
      runCli(['--list'], { cwd: dir, env: { KIND: 'auth', EMPTY: '' } }),
      runCli(['--list', '--include', 'auth,role', '--filter', '${x}|.'], { cwd: root }),
    ]);
    expect(planned(r)).toBe(planned(flags));
    expect(planned(r)).toBeGreaterThan(119);
  });
});
