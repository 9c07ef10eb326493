// A server that misbehaves on some endpoints (hang, reset, truncated body,
// garbage body, 500): the cases of those endpoints fail with evidence, every
// other case runs and passes, nothing crashes. And the run timeout ends a run
// that a hanging request holds up.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test, type TestContext } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../reference/server.ts';
import type { ReportCase } from '../src/model/report.ts';
import { runCli, startCli, waitForRun } from './helpers/cli.ts';
import { startFaultProxy, type FaultProxy, type FaultRule } from './helpers/local-server.ts';
import { readReport } from './helpers/outputs.ts';

const RULES: FaultRule[] = [
  { method: 'GET', path: /\/usage$/, misbehaviour: 'hang' },
  { method: 'GET', path: /\/allocation$/, misbehaviour: 'reset' },
  { method: 'GET', path: /\/users$/, misbehaviour: 'truncated' },
  { method: 'GET', path: /\/dashboard$/, misbehaviour: 'garbage' },
  { method: 'GET', path: /\/overselling$/, misbehaviour: 'error-500' },
];

const NO_STACK = /\n\s+at \S/;

/** A reference server behind a proxy that applies `rules`; both stop when
 *  the test ends (the tests here run concurrently). */
async function serveBehind(ctx: TestContext, rules: FaultRule[]): Promise<{ server: ReferenceServer; proxy: FaultProxy; baseUrl: string }> {
  const server = await startReferenceServer({ windowMs: 1000 });
  const proxy = await startFaultProxy(new URL(server.baseUrl).origin, rules);
  ctx.onTestFinished(async () => {
    await proxy.close();
    await server.close();
  });
  return { server, proxy, baseUrl: `${proxy.origin}/api/v1` };
}

const dir = mkdtempSync(join(tmpdir(), 'wispanel-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.concurrent('hang, reset, truncated body, garbage body and 500 fail their own cases; the run goes on', async (ctx) => {
  const { server, baseUrl } = await serveBehind(ctx, RULES);
  const before = server.snapshot();
  const report = join(dir, 'report');
  const junit = join(dir, 'junit.xml');
  // 10 s: long enough that a loaded machine does not time out healthy requests.
  const r = await runCli([
    '--base-url',
    baseUrl,
    '--token',
    server.adminToken,
    '--rate-window-ms',
    '1000',
    '--timeout',
    '10',
    '--report',
    report,
    '--junit',
    junit,
  ]);
  expect(r.stderr).not.toMatch(NO_STACK);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('Verdict: NOT CONFORMANT');

  const cases = readReport(report).cases;
  const byId = new Map(cases.map((c) => [c.id, c]));
  const positive = (operationId: string) => byId.get(`${operationId}.positive.ok`)!;
  const only = (c: ReportCase) => c.exchanges[0];

  // hang -> a timeout finding after --timeout
  expect(positive('getResellerUsage').outcome).toBe('failed');
  expect(only(positive('getResellerUsage')).transportError).toEqual({ kind: 'timeout', message: 'no complete response within 10 s' });
  expect(positive('getResellerUsage').findings.map((f) => f.message)).toContain('expected 2xx, got no response (no complete response within 10 s)');
  // reset -> no response, said so
  expect(positive('getResellerAllocation').outcome).toBe('failed');
  expect(only(positive('getResellerAllocation')).transportError?.message).toMatch(/^connection (reset|closed by the server) \((ECONNRESET|UND_ERR_SOCKET)\)$/);
  // truncated -> the status that came, and how much of the body
  expect(positive('getResellerUsers').outcome).toBe('failed');
  expect(only(positive('getResellerUsers')).transportError).toMatchObject({
    kind: 'body',
    message: expect.stringMatching(/^response cut short: status 200, \d+ of \d+ body bytes/),
  });
  // garbage -> the body quoted in the finding and kept in the exchange
  expect(positive('getResellerDashboard').outcome).toBe('failed');
  expect(positive('getResellerDashboard').findings.find((f) => f.requirement === 'HTTP-JSON-BODY')).toMatchObject({
    ok: false,
    message: expect.stringContaining('garbage {not json'),
  });
  expect(only(positive('getResellerDashboard')).response?.body).toContain('garbage {not json');
  // 500 -> the status and the body
  expect(positive('getResellerOverselling').outcome).toBe('failed');
  expect(only(positive('getResellerOverselling')).response).toMatchObject({ status: 500, body: 'Internal Server Error' });

  // Every case that met a misbehaving endpoint failed; every other one
  // still ran and passed (or was not planned).
  const misbehaving = (c: ReportCase) => c.exchanges.some((ex) => RULES.some((rule) => rule.method === ex.request.method && rule.path.test(ex.request.path)));
  for (const c of cases) {
    if (misbehaving(c)) expect(c.outcome, c.id).toBe('failed');
    else expect(['passed', 'disabled'], `${c.id}: ${c.reason ?? ''}`).toContain(c.outcome);
  }
  expect(cases.filter((c) => !misbehaving(c) && c.outcome === 'passed').length).toBeGreaterThan(50);

  // The console and JUnit show the evidence too.
  expect(r.stdout).toMatch(/GET \/resellers\/\w+\/usage -> timeout/);
  expect(readFileSync(junit, 'utf8')).toContain('no complete response within 10 s');
  // The run cleaned up after itself through the misbehaving proxy.
  expect(server.snapshot()).toEqual(before);
});

test.concurrent('the run timeout ends a run held up by a hanging request: exit 4, partial results, nothing left behind', async (ctx) => {
  // The worker's first request (the lifecycle's create) hangs: without the
  // run timeout, only the 240 s request timeout would end it. 60 s leaves a
  // loaded machine time to start the worker (a CI runner took 30 s) before
  // the run timeout strikes.
  const { server, proxy, baseUrl } = await serveBehind(ctx, [{ method: 'POST', path: /\/resellers\/$/, misbehaviour: 'hang' }]);
  const before = server.snapshot();
  const cli = startCli(['--base-url', baseUrl, '--token', server.adminToken, '--rate-window-ms', '1000', '--run-timeout', '60', '--timeout', '240']);
  ctx.onTestFinished(() => cli.stop());
  await waitForRun(cli, () => cli.output().stderr.includes('run timeout (1 min 00 s): cancelling, then cleaning up'), 'the run timeout');
  const cancelledAt = Date.now();
  const r = await cli.done;
  // The 3 s grace, the clean-up and the reports; not the 240 s request timeout.
  expect(Date.now() - cancelledAt).toBeLessThan(30_000);
  // Every create hangs (suites run side by side: each sent its own).
  expect(proxy.misbehaved.length).toBeGreaterThan(0);
  expect(new Set(proxy.misbehaved)).toEqual(new Set(['POST /api/v1/resellers/']));
  expect(r.code).toBe(4);
  expect(r.stderr).toContain('wispanel-conformance: the run timed out (--run-timeout); the results above are partial');
  expect(r.stdout).toContain('not run: the run timed out (--run-timeout 60)');
  expect(r.stderr).not.toMatch(NO_STACK);
  expect(server.snapshot()).toEqual(before);
});
