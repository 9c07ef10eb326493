// --budget-redis through the CLI, on a real redis-server: three runs on one
// key stay within its limit together; Redis unreachable at start is a usage
// error naming the URL; Redis lost mid-run sends nothing more on a guess,
// ends the run as the suite's error (exit 4), and still cleans up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../reference/server.ts';
import { runCli, startCli, waitForRun } from './helpers/cli.ts';
import { readReport } from './helpers/outputs.ts';
import { freePort, startRedisServer } from './helpers/redis-server.ts';
import { requireProgram } from './helpers/system-tools.ts';

const LIMIT = 60;
/** Whole seconds: the shared budget's windows are. */
const WINDOW_MS = 2000;
/** A request granted before Redis is killed may still leave after it: on a
 *  loaded machine (the whole suite on two cores) its send lagged the grant
 *  by more than 100 ms. A run that went on by guess would send for seconds. */
const IN_FLIGHT_AT_KILL_MS = 1000;

async function panel(ctx: { onTestFinished: typeof onTestFinished }): Promise<ReferenceServer> {
  const server = await startReferenceServer({ rateLimit: LIMIT, windowMs: WINDOW_MS });
  ctx.onTestFinished(() => server.close());
  return server;
}

/** Keyed requests only: the no-key cases are limited per address, and three
 *  runs on one machine share that, which is no key's budget. */
const args = (server: ReferenceServer, redis: string, extra: string[] = []) => [
  '--base-url',
  server.baseUrl,
  '--token',
  server.adminToken,
  '--budget-redis',
  redis,
  '--rate-window-ms',
  String(WINDOW_MS),
  '--exclude',
  'auth',
  ...extra,
];

const runPrefixed = (server: ReferenceServer, runId: string) =>
  (server.snapshot() as { resellers: Array<{ username: string }> }).resellers.map((r) => r.username).filter((u) => u.startsWith(`wc${runId}`));

describe('--budget-redis', () => {
  test('Redis unreachable at start: exit 2, one line naming the URL, nothing sent to the panel', async (ctx) => {
    const server = await panel({ onTestFinished });
    const url = `redis://:hunter2@127.0.0.1:${await freePort()}/0`;
    const r = await runCli(args(server, url));
    expect(r.code, r.stdout + r.stderr).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/127\.0\.0\.1/);
    expect(r.stderr + r.stdout).not.toContain('hunter2');
    expect(server.requestLog).toEqual([]);
    void ctx;
  });

  test('three runs on one key share its budget: no window of the key over the limit at the server, not one 429', async (ctx) => {
    requireProgram(ctx, 'redis-server', 'redis-server');
    const redis = await startRedisServer();
    onTestFinished(() => redis.stop());
    const server = await panel({ onTestFinished });
    const results = await Promise.all([0, 1, 2].map(() => runCli(args(server, redis.url))));
    for (const r of results) expect(r.code, r.stdout + r.stderr).toBe(0);
    const admin = server.requestLog
      .filter((q) => q.token === server.adminToken)
      .map((q) => q.at)
      .sort((a, b) => a - b);
    // Three runs together spend more than one window of the key.
    expect(admin.length).toBeGreaterThan(LIMIT * 2);
    let busiest = 0;
    for (let i = 0, j = 0; i < admin.length; i++) {
      while (admin[i] - admin[j] >= WINDOW_MS) j++;
      busiest = Math.max(busiest, i - j + 1);
    }
    expect(busiest).toBeLessThanOrEqual(LIMIT);
    expect(server.requestLog.filter((q) => q.status === 429)).toEqual([]);
  });

  test('Redis lost mid-run: nothing more on a guess, the cases not run are errors with the reason, exit 4, nothing left on the panel', async (ctx) => {
    requireProgram(ctx, 'redis-server', 'redis-server');
    const redis = await startRedisServer();
    onTestFinished(() => redis.stop());
    const server = await panel({ onTestFinished });
    const out = mkdtempSync(join(tmpdir(), 'wispanel-redis-lost-'));
    onTestFinished(() => rmSync(out, { recursive: true, force: true }));
    const run = startCli(args(server, redis.url, ['--profile', 'certify', '--report', out]));
    onTestFinished(() => run.stop());
    await waitForRun(run, () => server.requestLog.length > 30, 'the run to be under way');
    await redis.kill();
    const killedAt = Date.now();
    const r = await run.done;
    expect(r.code, r.stdout + r.stderr).toBe(4);
    const report = readReport(out);
    const errors = report.cases.filter((c) => c.outcome === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((c) => /budget/i.test(c.reason ?? ''))).toBe(true);
    // Past the kill, only the clean-up of what the run created reached the
    // panel (GET and DELETE of its own resellers, and the list that shows
    // whether a refused create stored one all the same).
    const after = server.requestLog.filter((q) => q.at > killedAt + IN_FLIGHT_AT_KILL_MS && q.token === server.adminToken);
    const cleanup = (q: { method: string; path: string }) =>
      (q.method === 'DELETE' || q.method === 'GET') && (q.path.includes(`/wc${report.runId}`) || (q.method === 'GET' && /\/resellers\/$/.test(q.path)));
    expect(after.filter((q) => !cleanup(q))).toEqual([]);
    expect(runPrefixed(server, report.runId)).toEqual([]);
  });
});
