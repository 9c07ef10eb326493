// The targets file of a fleet (--targets, WISPANEL_TARGETS) through the CLI:
// every mistake is one line naming the file, the target and the key, exit 2,
// before anything is sent to any panel. Its JSON Schema, generated from the
// option table, is tested beside the module (src/config/targets-file.test.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TARGET_KEYS } from '../src/config/targets-file.ts';
import { runCli, usageErrorLine } from './helpers/cli.ts';
import { startLocalServer, type LocalServer } from './helpers/local-server.ts';

const root = mkdtempSync(join(tmpdir(), 'wispanel-targets-file-'));
/** Every panel of these files: any request reaching it is a test failure. */
let panel: LocalServer;
let received = 0;
beforeAll(async () => {
  panel = await startLocalServer((_req, res) => {
    received++;
    res.writeHead(500).end();
  });
});
afterAll(async () => {
  await panel.close();
  rmSync(root, { recursive: true, force: true });
});

const KEY = `wsp_${'c0ffee'.repeat(8)}`;
const ENV = { EU1_TOKEN: KEY, EU2_TOKEN: KEY };

/** A working directory holding panels.yaml with `text`; ORIGIN stands for the panel. */
function workdir(text: string): string {
  const dir = mkdtempSync(join(root, 'wd-'));
  writeFileSync(join(dir, 'panels.yaml'), text.replaceAll('ORIGIN', panel.origin));
  return dir;
}

const GOOD = [
  'targets:',
  '  - name: eu-1',
  '    base-url: ORIGIN/api/v1',
  '    token: ${EU1_TOKEN}',
  '  - name: eu-2',
  '    base-url: ORIGIN/api/v2',
  '    token: ${EU2_TOKEN}',
  '',
].join('\n');
/** GOOD with `line` added to target eu-2. */
const withEu2 = (line: string) => `${GOOD}    ${line}\n`;

describe.concurrent('the targets file: one line, exit 2, nothing sent', () => {
  test.for([
    ['an unknown top-level key', 'colour: red\n' + GOOD, "panels.yaml: unknown key 'colour' (accepts defaults, targets)"],
    ['no targets', 'defaults:\n  profile: certify\n', 'panels.yaml: targets accepts a list of panels (- name: ..., base-url: ..., token: ${VAR}), got nothing'],
    ['a target that is no mapping', 'targets:\n  - eu-1\n', 'panels.yaml: targets[1]: accepts a mapping (name: ..., base-url: ..., token: ${VAR}), got "eu-1"'],
    ['a target without a name', 'targets:\n  - base-url: ORIGIN/api/v1\n    token: ${EU1_TOKEN}\n', 'panels.yaml: targets[1]: name missing'],
    [
      'a name that is not [a-z0-9-]',
      GOOD.replace('name: eu-2', 'name: EU 2'),
      'panels.yaml: targets[2]: name accepts lowercase letters, digits and dashes ([a-z0-9-]), got "EU 2"',
    ],
    ['a duplicate name', GOOD.replace('name: eu-2', 'name: eu-1'), 'panels.yaml: target eu-1: the name is taken by targets[1]; names must be unique'],
    ['an unknown key in a target', withEu2('colour: red'), `panels.yaml: target eu-2: unknown key 'colour' (accepts name, ${TARGET_KEYS.join(', ')})`],
    [
      'a key that is not per target',
      withEu2('profile: certify'),
      `panels.yaml: target eu-2: profile is not per target (a target takes name, ${TARGET_KEYS.join(', ')}); put it under defaults:`,
    ],
    [
      'an unset variable',
      GOOD.replace('${EU2_TOKEN}', '${EU3_TOKEN}'),
      'panels.yaml: target eu-2: token refers to ${EU3_TOKEN}, which is not set in the environment',
    ],
    [
      'a bad URL',
      GOOD.replace('ORIGIN/api/v2', 'not a url'),
      "panels.yaml: target eu-2: base-url accepts an http(s) URL such as https://panel.example.com:2083/api/v1, got 'not a url'",
    ],
    [
      'a URL of another scheme',
      GOOD.replace('ORIGIN/api/v2', 'ftp://panel.example.com/api'),
      "panels.yaml: target eu-2: base-url accepts an http(s) URL, got 'ftp:' scheme",
    ],
    ['a target without base-url', 'targets:\n  - name: eu-1\n    token: ${EU1_TOKEN}\n', 'panels.yaml: target eu-1: base-url missing'],
    [
      'a target without token',
      'targets:\n  - name: eu-1\n    base-url: ORIGIN/api/v1\n',
      'panels.yaml: target eu-1: token missing: give token: ${VAR} (here or under defaults:)',
    ],
    [
      'a token that is no reference',
      GOOD.replace('${EU2_TOKEN}', 'hello'),
      'panels.yaml: target eu-2: token accepts only a reference to the environment, such as ${WISPANEL_TOKEN}: keys come from the environment',
    ],
    ['a bad value in defaults', 'defaults:\n  rate: fast\n' + GOOD, "panels.yaml: defaults: rate accepts an integer from 1 to 100000, got 'fast'"],
    ['an unknown key in defaults', 'defaults:\n  colour: red\n' + GOOD, "panels.yaml: defaults: unknown key 'colour' (accepts "],
    ['base-url in defaults', 'defaults:\n  base-url: ORIGIN/api/v1\n' + GOOD, 'panels.yaml: defaults: base-url is per target: give each target its own'],
    [
      'options that exclude each other in one target',
      withEu2('insecure: true').replace('    insecure', '    ca-file: ca.pem\n    insecure'),
      'panels.yaml: target eu-2: --ca-file and --insecure exclude each other',
    ],
    [
      'a CA file that cannot be read',
      withEu2('ca-file: missing.pem'),
      'panels.yaml: target eu-2: --ca-file accepts a readable PEM file, cannot read missing.pem (ENOENT)',
    ],
  ])('%s', async ([, text, line]) => {
    const r = await runCli(['--targets', 'panels.yaml'], { cwd: workdir(text), env: ENV });
    expect(usageErrorLine(r).startsWith(`wispanel-conformance: ${line}`), r.stderr).toBe(true);
  });

  test('a literal key is refused, in a target or a comment, and not printed', async () => {
    const [value, comment] = await Promise.all([
      runCli(['--targets', 'panels.yaml'], { cwd: workdir(GOOD.replace('${EU2_TOKEN}', KEY)), env: ENV }),
      runCli(['--targets', 'panels.yaml'], { cwd: workdir(`# old key ${KEY}\n${GOOD}`), env: ENV }),
    ]);
    expect(usageErrorLine(value)).toBe(
      'wispanel-conformance: panels.yaml: line 7 holds an API key; keys come from the environment: use token: ${WISPANEL_TOKEN}',
    );
    expect(usageErrorLine(comment)).toMatch(/^wispanel-conformance: panels\.yaml: line 1 holds an API key;/);
    expect(value.stderr + comment.stderr).not.toContain(KEY.slice(4));
  });

  test.for<[string, string[], string]>([
    [
      '--base-url beside --targets',
      ['--base-url', 'http://127.0.0.1:1/api', '--token', KEY],
      '--base-url, --token and --targets exclude each other: each target of panels.yaml names its own',
    ],
    ['--har', ['--har', 'out.har'], "--har applies to one panel, not to --targets: each panel's exchanges are in its report (--report DIR)"],
    ['--shard without --seed', ['--shard', '1/2'], '--shard needs --seed N, the same in every shard, so that their results can be merged'],
    ['a shard beyond N', ['--shard', '3/2', '--seed', '1'], "--shard accepts I/N, shard I of N (1 <= I <= N <= 64), got '3/2'"],
    ['more shards than panels', ['--shard', '3/3', '--seed', '1'], '--shard 3/3: panels.yaml has 2 panels, so at most 2 shards'],
    ["a report folder where a panel's folder is a file", ['--report', 'out'], '--report out/eu-1: is a file; give a folder'],
  ])('%s', async ([, args, line]) => {
    const dir = workdir(GOOD);
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'eu-1'), 'a file where the report of eu-1 goes');
    const r = await runCli(['--targets', 'panels.yaml', ...args], { cwd: dir, env: ENV });
    expect(usageErrorLine(r)).toBe(`wispanel-conformance: ${line}`);
  });

  test('WISPANEL_TARGETS names the file; one that cannot be read is one line', async () => {
    const r = await runCli([], { cwd: workdir(GOOD), env: { ...ENV, WISPANEL_TARGETS: 'missing.yaml' } });
    expect(usageErrorLine(r)).toBe('wispanel-conformance: targets file missing.yaml: cannot read it (ENOENT)');
  });
});

test('nothing reached the panel', () => {
  expect(received).toBe(0);
});
