// An interrupted run (Ctrl-C, SIGTERM) cancels, cleans up its ledger, reports
// what ran, and exits 130; the seeded panel is left as it was. A second
// signal exits at once.
import { expect, test, type TestContext } from 'vitest';
import type { ReferenceServer } from '../reference/server.ts';
import { removeScratchOf, runIdOf, startCli, waitForRun, type CliRun } from './helpers/cli.ts';
import { serveSeeded } from './helpers/seeded.ts';

/** Starts a certify run and resolves once the server holds something of the
 *  run's own: a reseller was created and a few more requests followed. */
async function runUntilHalfway(ctx: TestContext, server: ReferenceServer, processGroup = false): Promise<CliRun> {
  const cli = startCli(['--base-url', server.baseUrl, '--token', server.adminToken, '--rate-window-ms', '1000', '--profile', 'certify'], { processGroup });
  ctx.onTestFinished(() => cli.stop());
  const created = () => server.requestLog.findIndex((q) => q.method === 'POST' && q.status === 201);
  await waitForRun(cli, () => created() >= 0 && server.requestLog.length >= created() + 5, 'the run to create a reseller');
  return cli;
}

const INTERRUPTED = 'interrupted: cancelling, then cleaning up (signal again to exit at once)';

test.concurrent.for([
  { how: 'SIGINT to the CLI process', signal: 'SIGINT', group: false },
  { how: "SIGINT to its process group, as a terminal's Ctrl-C", signal: 'SIGINT', group: true },
] as const)('$how: clean-up, a partial summary, exit 130, the panel unchanged', async ({ signal, group }, ctx) => {
  const server = await serveSeeded(ctx);
  const before = server.snapshot();
  const cli = await runUntilHalfway(ctx, server, group);
  expect(server.snapshot()).not.toEqual(before);
  process.kill(group ? -cli.child.pid! : cli.child.pid!, signal);
  const r = await cli.done;
  expect(r.code, r.stdout + r.stderr).toBe(130);
  expect(r.stderr).toContain(INTERRUPTED);
  expect(r.stderr).not.toMatch(/could not delete|suite error|\n\s+at \S/);
  expect(r.stdout).toMatch(/skipped: not run: the run was interrupted \(\d+ cases\)/);
  expect(server.snapshot()).toEqual(before);
});

test.concurrent('SIGTERM cancels the same way, and a second signal exits at once, without clean-up', async (ctx) => {
  const server = await serveSeeded(ctx);
  const cli = await runUntilHalfway(ctx, server);
  process.kill(cli.child.pid!, 'SIGTERM');
  await waitForRun(cli, () => cli.output().stderr.includes(INTERRUPTED), 'the first signal to be seen');
  process.kill(cli.child.pid!, 'SIGINT');
  const r = await cli.done;
  removeScratchOf(runIdOf(r.stdout));
  expect(r.code).toBe(130);
  expect(r.stderr).toMatch(/second signal: exiting without clean-up; remove what the run left with --cleanup-only [a-z0-9]{6}/);
  // At once: no clean-up, so no summary either.
  expect(r.stdout).not.toContain('Verdict:');
});
