// Data safety on a panel with data of its own: a full certification run and
// a read-only run leave it exactly as they found it, and every write the
// suite sends names something of the run's own. A run killed outright
// (SIGKILL: no clean-up) leaves records behind; --cleanup-only RUN_ID removes
// exactly those, found by the run's prefix: not the seeded data, not another
// run's leftovers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { removeScratchOf, runCli, runIdOf, startCli, waitForRun } from './helpers/cli.ts';
import { readReport } from './helpers/outputs.ts';
import { OTHER_RUN_LEFTOVER, serveSeeded } from './helpers/seeded.ts';

const usernames = (snapshot: unknown) => (snapshot as { resellers: Array<{ username: string }> }).resellers.map((r) => r.username);

/** Resolves once `log` has not grown for 20 looks in a row, 50 ms apart (at
 *  least 1 s). Each look is a turn of the event loop, which reads what
 *  arrived meanwhile: a loaded machine that runs this process late delays
 *  the looks, and cannot make a request still to be read look like none. */
async function quiet(log: readonly unknown[], looks = 20): Promise<void> {
  for (let seen = log.length, still = 0; still < looks;) {
    await new Promise((r) => setTimeout(r, 50));
    still = log.length === seen ? still + 1 : 0;
    seen = log.length;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'wispanel-safety-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// With the key of a pre-existing reseller (partner1) for the role cases.
test.concurrent('a full --profile certify run leaves a seeded panel unchanged', async (ctx) => {
  const server = await serveSeeded(ctx);
  const before = server.snapshot();
  const r = await runCli([
    '--base-url',
    server.baseUrl,
    '--token',
    server.adminToken,
    '--reseller-token',
    server.resellerToken,
    '--rate-window-ms',
    '1000',
    '--profile',
    'certify',
  ]);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(r.stderr).not.toMatch(/could not delete|error/);
  // Skipped: no key minted, and what a given key's own record cannot undo.
  expect(r.stdout).toMatch(/212 cases: 207 passed, 0 failed, 0 error, 5 skipped/);
  expect(server.snapshot()).toEqual(before);

  // Writes name the run's own records (creates go to the collection), but
  // for the probes of the given key's own record: the key's own writes
  // (refused), and an IP the admin adds for one of them and removes at once.
  const prefix = `/wc${runIdOf(r.stdout)}`;
  const writes = server.requestLog.filter((q) => q.method !== 'GET');
  expect(writes.some((q) => q.method === 'DELETE')).toBe(true);
  const foreign = writes.filter((q) => !q.path.includes(prefix) && !/\/resellers\/(transfer-user)?$/.test(q.path));
  const own = `/api/v1/resellers/${server.resellerUsername}/`;
  expect(foreign.filter((q) => !q.path.startsWith(own))).toEqual([]);
  const byAdmin = foreign.filter((q) => q.token === server.adminToken);
  expect(byAdmin.map((q) => q.method)).toEqual(['POST', 'DELETE']);
  expect(foreign.filter((q) => q.token === server.resellerToken).every((q) => q.status === 403)).toBe(true);
});

test.concurrent('a --read-only run sends GET requests only and skips the writes with a reason', async (ctx) => {
  const server = await serveSeeded(ctx);
  const before = server.snapshot();
  const report = join(dir, 'read-only');
  const r = await runCli([
    '--base-url',
    server.baseUrl,
    '--token',
    server.adminToken,
    '--rate-window-ms',
    '1000',
    '--profile',
    'certify',
    '--read-only',
    '--report',
    report,
  ]);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(r.stdout).toContain('read-only');
  expect(new Set(server.requestLog.map((q) => q.method))).toEqual(new Set(['GET']));
  expect(server.snapshot()).toEqual(before);

  const cases = readReport(report).cases;
  const writes = cases.filter((c) => c.exchanges.length === 0 && c.outcome === 'skipped' && /^read-only run: the case sends a write/.test(c.reason ?? ''));
  expect(writes.map((c) => c.id)).toEqual(
    expect.arrayContaining(['createReseller.positive.ok', 'deleteReseller.positive.ok', 'updateResellerLimits.positive.ok']),
  );
  // Nothing that ran sent anything but GET.
  expect(cases.flatMap((c) => c.exchanges.map((ex) => ex.request.method)).every((m) => m === 'GET')).toBe(true);
});

test.concurrent('--cleanup-only RUN_ID after a run killed with SIGKILL removes its leftovers and nothing else', async (ctx) => {
  const server = await serveSeeded(ctx);
  const before = server.snapshot();

  // The whole process group, so no worker lives on to clean up.
  const cli = startCli(['--base-url', server.baseUrl, '--token', server.adminToken, '--rate-window-ms', '1000', '--profile', 'certify'], {
    processGroup: true,
  });
  ctx.onTestFinished(() => cli.stop());
  await waitForRun(cli, () => server.requestLog.some((q) => q.method === 'POST' && q.status === 201), 'the run to create a reseller');
  process.kill(-cli.child.pid!, 'SIGKILL');
  const killed = await cli.done;
  expect(killed.signal).toBe('SIGKILL');
  // Requests in flight at the kill (several, side by side) still land: read
  // the leftovers once the server has logged nothing new for a while.
  await quiet(server.requestLog);
  const runId = runIdOf(killed.stdout);
  removeScratchOf(runId);
  const prefix = `wc${runId}`;
  const leftovers = usernames(server.snapshot()).filter((u) => u.startsWith(prefix));
  expect(leftovers.length).toBeGreaterThan(0);

  const seen = server.requestLog.length;
  const r = await runCli(['--base-url', server.baseUrl, '--token', server.adminToken, '--cleanup-only', runId]);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(r.stdout.trim()).toBe(`clean-up of run ${runId}: deleted ${leftovers.length} (${leftovers.join(', ')}), already gone 0, failed 0`);
  expect(server.snapshot()).toEqual(before);
  expect(usernames(server.snapshot())).toContain(OTHER_RUN_LEFTOVER);
  // It deleted the run's records only, and wrote nothing else.
  const writes = server.requestLog.slice(seen).filter((q) => q.method !== 'GET');
  expect(writes.map((q) => `${q.method} ${q.path}`).sort()).toEqual(leftovers.map((u) => `DELETE /api/v1/resellers/${u}`).sort());
});
