// Bad flags and environment values: exit 2 and one line that names the flag
// (or variable) and what it accepts; never a stack trace.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../reference/server.ts';
import { main } from '../src/cli/main.ts';
import { runCli } from './helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'wispanel-cli-usage-'));
const notPem = join(dir, 'not.pem');
writeFileSync(notPem, 'not a certificate\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY = `wsp_${'5e'.repeat(24)}`;
// Nothing listens on port 9 of loopback; a usage error must come before any connection anyway.
const target = ['--base-url', 'http://127.0.0.1:9/api/v1', '--token', KEY];

const cases: Array<{ name: string; args: string[]; env?: Record<string, string>; line: RegExp }> = [
  { name: 'an unknown flag', args: ['--colour'], line: /^wispanel-conformance: unknown flag --colour \(see --help\)$/ },
  { name: '--rate abc', args: ['--rate', 'abc'], line: /^wispanel-conformance: --rate accepts an integer from 1 to 100000, got 'abc'$/ },
  { name: '--profile x', args: ['--profile', 'x'], line: /^wispanel-conformance: --profile accepts one of default, certify, got 'x'$/ },
  {
    name: '--base-url ftp://x',
    args: ['--base-url', 'ftp://x', '--token', KEY],
    line: /^wispanel-conformance: --base-url accepts an http\(s\) URL, got 'ftp:' scheme$/,
  },
  {
    name: '--run-timeout below its minimum',
    args: ['--run-timeout', '5'],
    line: /^wispanel-conformance: --run-timeout accepts an integer from 10 to 86400, got '5'$/,
  },
  { name: 'a flag without its value', args: ['--timeout'], line: /^wispanel-conformance: --timeout needs a value: SECONDS$/ },
  {
    name: 'WISPANEL_TIMEOUT=abc',
    args: [],
    env: { WISPANEL_TIMEOUT: 'abc' },
    line: /^wispanel-conformance: WISPANEL_TIMEOUT accepts an integer from 1 to 3600, got 'abc'$/,
  },
  {
    name: 'WISPANEL_INSECURE=maybe',
    args: [],
    env: { WISPANEL_INSECURE: 'maybe' },
    line: /^wispanel-conformance: WISPANEL_INSECURE accepts true or false, got 'maybe'$/,
  },
  {
    name: '--cleanup-only with a malformed run ID',
    args: [...target, '--cleanup-only', 'x'],
    line: /^wispanel-conformance: --cleanup-only accepts a run ID of 6 lowercase letters and digits, got 'x'$/,
  },
  {
    name: 'a --ca-file that does not exist',
    args: [...target, '--ca-file', join(dir, 'missing.pem')],
    line: /^wispanel-conformance: --ca-file accepts a readable PEM file, cannot read .*missing\.pem \(ENOENT\)$/,
  },
  {
    name: 'a --ca-file without a certificate',
    args: [...target, '--ca-file', notPem],
    line: /^wispanel-conformance: --ca-file accepts a PEM file with a CERTIFICATE block, .*not\.pem has none$/,
  },
  {
    name: 'WISPANEL_CA_FILE without a certificate',
    args: target,
    env: { WISPANEL_CA_FILE: notPem },
    line: /^wispanel-conformance: --ca-file accepts a PEM file with a CERTIFICATE block/,
  },
  // A key where it does not belong is refused without being echoed.
  {
    name: 'a key as a stray argument (--token forgotten)',
    args: ['--base-url', 'http://127.0.0.1:9/api/v1', KEY],
    line: /^wispanel-conformance: unexpected argument '\[redacted\]'/,
  },
  {
    name: "a key as another option's value",
    args: [...target, '--profile', KEY],
    line: /^wispanel-conformance: --profile accepts one of default, certify, got '\[redacted\]'$/,
  },
  {
    name: "a key in the base URL's query",
    args: ['--base-url', `http://127.0.0.1:9/api/v1?k=${KEY}`, '--token', KEY],
    line: /^wispanel-conformance: --base-url must be the API root, without a \?query or #fragment \(a key goes in --token\)$/,
  },
];

/** The same entry point the binary calls, in this process: fast. */
async function runMain(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = vi.spyOn(console, 'log').mockImplementation(() => {});
  const err = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const code = await main(args, env);
    const text = (spy: typeof out) => spy.mock.calls.map((c) => `${c.join(' ')}\n`).join('');
    return { code, stdout: text(out), stderr: text(err) };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const SPAWNED = ['an unknown flag', 'a --ca-file that does not exist', 'a key as a stray argument (--token forgotten)'];

describe('usage errors exit 2 with one line', () => {
  test.for(cases)('$name', async ({ args, env, line }) => {
    const r = await runMain(args, env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(line);
    expect(r.stderr).not.toContain(KEY.slice(4, 20));
  });

  // The binary itself: the exit status, and no stack trace on stderr.
  test.concurrent.for(cases.filter((c) => SPAWNED.includes(c.name)))('$name, through the binary', async ({ args, env, line }) => {
    const r = await runCli(args, { env });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd()).toMatch(line);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

// A key that is not wsp_ + 48 hex is a usage error before the first request,
// from every source, and the value is never echoed.
describe('a malformed key: exit 2 with one line, and not one request', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer();
    return () => server.close();
  });

  const WHY = 'accepts an API key: wsp_ and 48 hex characters; the value given';
  const SHORT = KEY.slice(0, 40);
  const configFile = (text: string) => {
    const file = join(mkdtempSync(join(dir, 'config-')), 'wispanel.config.yaml');
    writeFileSync(file, text);
    return file;
  };
  const targetsFile = () => {
    const file = join(mkdtempSync(join(dir, 'targets-')), 'panels.yaml');
    writeFileSync(file, `targets:\n  - name: eu-1\n    base-url: ${server.baseUrl}\n    token: \${EU1_TOKEN}\n`);
    return file;
  };
  const malformed: Array<{ name: string; args: () => string[]; env?: () => Record<string, string>; line: string }> = [
    { name: '--token', args: () => ['--base-url', server.baseUrl, '--token', SHORT], line: `--token ${WHY} has 36 characters after wsp_ (not shown)` },
    {
      name: 'WISPANEL_TOKEN',
      args: () => [],
      env: () => ({ WISPANEL_BASE_URL: server.baseUrl, WISPANEL_TOKEN: `Bearer ${server.adminToken}` }),
      line: `WISPANEL_TOKEN ${WHY} holds whitespace (not shown)`,
    },
    {
      name: "the config file's token",
      args: () => ['--config', configFile(`base-url: ${server.baseUrl}\ntoken: \${PANEL_KEY}\n`)],
      env: () => ({ PANEL_KEY: server.adminToken.replace('wsp_', 'wsk_') }),
      line: `: token ${WHY} does not start with wsp_ (not shown)`,
    },
    {
      name: '--reseller-token',
      args: () => ['--base-url', server.baseUrl, '--token', server.adminToken, '--reseller-token', `${server.resellerToken.slice(0, -1)}z`],
      line: `--reseller-token ${WHY} holds characters that are not hex (not shown)`,
    },
    {
      name: 'WISPANEL_RESELLER_TOKEN',
      args: () => ['--base-url', server.baseUrl],
      env: () => ({ WISPANEL_TOKEN: server.adminToken, WISPANEL_RESELLER_TOKEN: SHORT }),
      line: `WISPANEL_RESELLER_TOKEN ${WHY} has 36 characters after wsp_ (not shown)`,
    },
    {
      name: "the config file's reseller-token",
      args: () => ['--base-url', server.baseUrl, '--token', server.adminToken, '--config', configFile('reseller-token: ${RESELLER_KEY}\n')],
      env: () => ({ RESELLER_KEY: `${server.resellerToken}0` }),
      line: `: reseller-token ${WHY} has 49 characters after wsp_ (not shown)`,
    },
    {
      name: "a fleet target's token",
      args: () => ['--targets', targetsFile()],
      env: () => ({ EU1_TOKEN: SHORT }),
      line: `: target eu-1: token ${WHY} has 36 characters after wsp_ (not shown)`,
    },
    {
      name: "the embedded server's run given a --reseller-token",
      args: () => ['--reseller-token', SHORT],
      line: `--reseller-token ${WHY} has 36 characters after wsp_ (not shown)`,
    },
  ];

  test.for(malformed)('$name', async ({ args, env, line }) => {
    const r = await runMain(args(), env?.());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(new RegExp(`^wispanel-conformance: .*${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    for (const key of [SHORT, server.adminToken, server.resellerToken]) expect(r.stderr).not.toContain(key.slice(4, 20));
    expect(server.requestLog).toEqual([]);
  });

  test('through the binary: exit 2, the line, nothing sent', async () => {
    const r = await runCli(['--base-url', server.baseUrl, '--token', SHORT]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd()).toBe(`wispanel-conformance: --token ${WHY} has 36 characters after wsp_ (not shown)`);
    expect(server.requestLog).toEqual([]);
  });
});
