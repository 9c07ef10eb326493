// The suites under plain vitest, as a user runs them from a project of their
// own: `npx vitest run --config node_modules/wispanel-conformance/dist/vitest.config.js`
// with WISPANEL_* variables; here the checkout's vitest.config.ts, its source
// (test/package.test.ts runs the installed one). The package's config sets
// the run up as the CLI does (preflight, clean-up); mistakes get the CLI's
// one line and exit code.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { startReferenceServer } from '../reference/server.ts';
import { runPrefix } from '../fixtures/data.ts';
import { runIdOf, startNode, type CliResult } from './helpers/cli.ts';

/** vitest's binary, as npx finds it. */
const VITEST = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const CONFIG = fileURLToPath(new URL('../vitest.config.ts', import.meta.url));

/** A project of the user's: no config of ours in it. */
const project = mkdtempSync(join(tmpdir(), 'wispanel-plain-vitest-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

function vitest(env: Record<string, string>, ...args: string[]): Promise<CliResult> {
  return startNode(VITEST, ['run', '--config', CONFIG, ...args], { cwd: project, env }).done;
}

describe.concurrent("npx vitest run --config vitest.config.ts (the checkout's)", () => {
  test('against a panel: the cases run as vitest tests, vitest reporters work, and the run cleans up after itself', async (ctx) => {
    const server = await startReferenceServer({ windowMs: 1000 });
    ctx.onTestFinished(() => server.close());
    const junit = join(project, 'junit.xml');
    const r = await vitest(
      { WISPANEL_BASE_URL: server.baseUrl, WISPANEL_TOKEN: server.adminToken, WISPANEL_RATE_WINDOW_MS: '1000' },
      '--reporter=default',
      '--reporter=junit',
      `--outputFile.junit=${junit}`,
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Tests\s+\d+ passed/);
    expect(readFileSync(junit, 'utf8')).toContain('[POST] /resellers/ - a valid request -&gt; 201');
    // The preflight and the cases reached the panel; nothing of the run is left on it.
    expect(server.requestLog.some((q) => q.method === 'GET' && q.path.endsWith('/auth/me'))).toBe(true);
    expect(server.requestLog.some((q) => q.method === 'POST' && q.path.endsWith('/resellers/'))).toBe(true);
    expect(JSON.stringify(server.snapshot())).not.toContain(runPrefix(runIdOf(r.stdout)));
    expect(r.stdout + r.stderr).not.toContain(server.adminToken);
  });

  test('a server that does not conform: vitest fails, naming the requirement', async (ctx) => {
    const server = await startReferenceServer({ windowMs: 1000, fault: 'create-200' });
    ctx.onTestFinished(() => server.close());
    const r = await vitest({
      WISPANEL_BASE_URL: server.baseUrl,
      WISPANEL_TOKEN: server.adminToken,
      WISPANEL_RATE_WINDOW_MS: '1000',
      WISPANEL_OPERATION: 'createReseller',
    });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('RES-CREATE-201');
  });

  test('a rejected WISPANEL_RESELLER_TOKEN: the preflight stops the run, exit 2, one line; a good one runs the role cases', async (ctx) => {
    const server = await startReferenceServer({ windowMs: 1000 });
    ctx.onTestFinished(() => server.close());
    const env = {
      WISPANEL_BASE_URL: server.baseUrl,
      WISPANEL_TOKEN: server.adminToken,
      WISPANEL_RATE_WINDOW_MS: '1000',
      WISPANEL_FILTER: '^getReseller\\.role\\.own$',
    };
    const bogus = `wsp_${'0'.repeat(48)}`;
    const [rejected, good] = await Promise.all([
      vitest({ ...env, WISPANEL_RESELLER_TOKEN: bogus }),
      vitest({ ...env, WISPANEL_RESELLER_TOKEN: server.resellerToken }),
    ]);
    expect(rejected.code).toBe(2);
    expect(rejected.stderr.trimEnd()).toBe(
      `wispanel-conformance: the reseller key was rejected: GET /auth/me answered 401 at ${server.baseUrl}; check --reseller-token (or WISPANEL_RESELLER_TOKEN)`,
    );
    expect(rejected.stdout + rejected.stderr).not.toContain(bogus);
    expect(good.code, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toMatch(/Tests\s+1 passed/);
  });

  test.for([
    ['a bad value', { WISPANEL_RATE: 'abc' }, 2, "WISPANEL_RATE accepts an integer from 1 to 100000, got 'abc'"],
    [
      'a CLI output',
      { WISPANEL_REPORT: 'out' },
      2,
      "report (WISPANEL_REPORT): the wispanel-conformance CLI's outputs; under plain vitest, use vitest's reporters (e.g. --reporter=junit --outputFile=junit.xml)",
    ],
    ['an unknown operation', { WISPANEL_OPERATION: 'nope' }, 2, '--operation: unknown operationId nope (valid: '],
    [
      'a fleet',
      { WISPANEL_TARGETS: 'panels.yaml' },
      2,
      "targets (WISPANEL_TARGETS): fleets and shards are the wispanel-conformance CLI's; under plain vitest, run one panel (vitest's own --shard splits its tests)",
    ],
    [
      'nothing listening',
      { WISPANEL_BASE_URL: 'http://127.0.0.1:9/api/v1', WISPANEL_TOKEN: 'wsp_0123456789abcdef0123456789abcdef0123456789abcdef' },
      3,
      'target unreachable: http://127.0.0.1:9/api/v1/auth/me: connection refused',
    ],
  ] as const)("%s: the CLI's one line and exit code, no stack trace", async ([, env, code, line]) => {
    const r = await vitest(env);
    expect(r.code).toBe(code);
    expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
    expect(r.stderr.startsWith(`wispanel-conformance: ${line}`), r.stderr).toBe(true);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });
});
