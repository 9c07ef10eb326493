// A run's context: the services shared, the state its cases build up fresh
// per context, its client ended by the engine's signal or by a panel
// unavailable past its budget, its budgets seeded
// from the preflight; under plain vitest, one context per run ID.
import { rmSync } from 'node:fs';
import { afterEach, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../reference/server.ts';
import { testInput } from '../../test/helpers/run-context.ts';
import { startLocalServer } from '../../test/helpers/local-server.ts';
import { PanelUnavailable } from '../http/unavailability.ts';
import { RunCancelled } from './execute.ts';
import { createRunContext, getRun } from './context.ts';
import type { RunInput } from './input.ts';
import { createRunServices, stopBudgets, type RunServices } from './services.ts';

const ME = { method: 'GET', path: '/auth/me' };
const FRESH_LIFECYCLE = { reads: {}, yielded: {}, written: {}, siblings: {}, lists: {}, others: new Map() };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(): Promise<ReferenceServer> {
  const s = await startReferenceServer({ rateLimit: 60, windowMs: 1000 });
  cleanups.push(() => s.close());
  return s;
}

function services(input: RunInput): RunServices {
  const made = createRunServices(input);
  cleanups.push(async () => {
    await stopBudgets(made);
    rmSync(input.runDir, { recursive: true, force: true });
  });
  return made;
}

test('each context shares the services and starts its own state', async () => {
  const s = await server();
  const shared = services(testInput(s));
  const a = createRunContext(shared);
  const b = createRunContext(shared);
  expect(a.budgets).toBe(shared.budgets);
  expect(a.ledger).toBe(shared.ledger);
  expect(a.plan).toBe(shared.plan);
  // The services' client, ended once the panel is given up on (below).
  expect(a.client).not.toBe(shared.client);
  expect(a.client.baseUrl).toBe(shared.client.baseUrl);
  expect(a.lifecycle).toEqual({ ...FRESH_LIFECYCLE, contained: expect.anything() });
  expect(a.roles).toEqual({});
  expect(a.fixtures.size).toBe(0);
  expect(a.bystander).toEqual({ keeps: {} });
  expect(a.reached.size).toBe(0);
  a.lifecycle.username = 'wcabcdefghijkl';
  a.lifecycle.reads.getReseller = { username: 'wcabcdefghijkl' };
  a.lifecycle.written.updateResellerLimits = { max_accounts: 7 };
  a.lifecycle.siblings.ip = ['192.0.2.7'];
  a.lifecycle.others.set('partner1', { getReseller: {} });
  a.fixtures.set('validation', 'wcabcdefmnopqr');
  a.bystander.username = 'wcabcdefghijklb';
  a.bystander.keeps.getResellerBranding = ['Kept'];
  a.reached.add('HTTP-JSON-BODY json_body');
  a.lifecycle.contained.settle(false);
  expect(b.lifecycle).toEqual({ ...FRESH_LIFECYCLE, contained: expect.anything() });
  b.lifecycle.contained.settle(true);
  expect([await a.lifecycle.contained.value, await b.lifecycle.contained.value]).toEqual([false, true]);
  expect(b.fixtures.size).toBe(0);
  expect(b.bystander).toEqual({ keeps: {} });
  expect(b.reached.size).toBe(0);
});

test("with a signal, its client sends nothing once the signal aborts; the services' own client still does", async () => {
  const s = await server();
  const shared = services(testInput(s));
  const stop = new AbortController();
  const run = createRunContext(shared, stop.signal);
  expect(run.client).not.toBe(shared.client);
  expect((await run.client.call('admin', ME)).response?.status).toBe(200);
  stop.abort(new RunCancelled('skipped', 'not run: the run was interrupted'));
  await expect(run.client.call('admin', ME)).rejects.toThrow('not run: the run was interrupted');
  expect((await shared.client.call('admin', ME)).response?.status).toBe(200);
  expect(s.requestLog).toHaveLength(2);
});

test("a panel unavailable past its budget ends the context's requests with why; the services' own client (the final clean-up's) sends once and gets the answer", async () => {
  const proxy = await startLocalServer((_req, res) => {
    res.writeHead(503, { 'content-type': 'text/html', 'retry-after': '1' });
    res.end('<html>busy</html>');
  });
  cleanups.push(() => proxy.close());
  const shared = services(testInput({ baseUrl: proxy.origin, adminToken: `wsp_${'ab'.repeat(24)}` }, { unavailableBudgetMs: 1000 }));
  const run = createRunContext(shared, new AbortController().signal);
  await expect(run.client.call('admin', ME)).rejects.toBeInstanceOf(PanelUnavailable);
  expect(shared.unavailability.reason).toMatch(/^the panel stayed unavailable for 1\.\d s, past its budget of 1\.0 s/);
  const last = await shared.client.call('admin', ME);
  expect([last.response?.status, last.transientRetries]).toEqual([503, undefined]);
  await expect(run.client.call('admin', ME)).rejects.toThrow(shared.unavailability.reason!);
});

/** Sends one request; what the run's waits said while it went, and how long it took. */
async function timedCall(
  run: ReturnType<typeof createRunContext>,
  credential: 'admin' | 'reseller',
): Promise<{ status?: number; waitedFor: Set<string>; ms: number }> {
  const t0 = Date.now();
  const waitedFor = new Set<string>();
  let done = false;
  const call = run.client.call(credential, ME).finally(() => (done = true));
  while (!done) {
    const wait = run.waits.current();
    if (wait) waitedFor.add(wait.key);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { status: (await call).response?.status, waitedFor, ms: Date.now() - t0 };
}

test('seedBudgets starts the admin and reseller budgets where the preflight left them: a spent window is waited out', async () => {
  const s = await server();
  // Spent, until the next second of the server's clock (and the margin).
  const spent = () => ({ limit: 60, remaining: 0, reset: Math.floor(Date.now() / 1000) + 1 });
  for (const credential of ['admin', 'reseller'] as const) {
    const seeded = services(
      testInput(s, {
        resellerToken: s.resellerToken,
        preflightRate: credential === 'admin' ? spent() : undefined,
        resellerKey: { username: 'partner1', rate: credential === 'reseller' ? spent() : undefined },
      }),
    );
    const run = createRunContext(seeded);
    await run.seedBudgets();
    const sent = await timedCall(run, credential);
    expect(sent.status).toBe(200);
    expect([...sent.waitedFor]).toEqual([credential]);
    expect(sent.ms).toBeGreaterThanOrEqual(200);
  }
  // Without the preflight's headers, nothing waits.
  const plain = createRunContext(services(testInput(s)));
  await plain.seedBudgets();
  const sent = await timedCall(plain, 'admin');
  expect(sent.status).toBe(200);
  expect(sent.waitedFor.size).toBe(0);
});

test('getRun: one context per run ID, built from its input on first use', async () => {
  const s = await server();
  const input = testInput(s);
  const run = getRun(input);
  cleanups.push(async () => {
    await stopBudgets(run);
    rmSync(input.runDir, { recursive: true, force: true });
  });
  expect(run.input).toBe(input);
  expect(getRun({ ...input })).toBe(run);
  const other = getRun(testInput(s));
  cleanups.push(async () => {
    await stopBudgets(other);
    rmSync(other.input.runDir, { recursive: true, force: true });
  });
  expect(other).not.toBe(run);
  expect(other.input.runId).not.toBe(input.runId);
});
