// A run's services, built from its input: the plan, the data, the ledger in
// the scratch folder, one budget per credential, the redactor, and a tally
// of every request the exchanges tell of (retries included).
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { afterEach, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceOptions, type ReferenceServer } from '../../reference/server.ts';
import { DataFactory, runPrefix } from '../../fixtures/data.ts';
import { generatePlan } from '../cases/generate.ts';
import { loadSpec } from '../spec/load.ts';
import { testInput } from '../../test/helpers/run-context.ts';
import { options as planOptions } from '../cases/kinds/plan-fixture.ts';
import type { RunInput } from './input.ts';
import { connectBudgets, createRunServices, ledgerFile, stopBudgets, type RunServices } from './services.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(opts: ReferenceOptions = {}): Promise<ReferenceServer> {
  const s = await startReferenceServer({ rateLimit: 60, windowMs: 1000, ...opts });
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

const requestsBy = (s: ReferenceServer, token: string | null) => s.requestLog.filter((r) => r.token === token).length;

test('built from the input: the prefix, the plan, seeded data, the ledger in the scratch folder, a budget per credential', async () => {
  const s = await server();
  const input = testInput(s, { seed: 42, planOptions: planOptions({ profile: 'default', readOnly: true }) });
  const made = services(input);
  expect(made.input).toBe(input);
  expect(made.prefix).toBe(runPrefix(input.runId));
  expect(ledgerFile(input.runDir)).toBe(join(input.runDir, 'ledger.jsonl'));
  expect(made.ledger.file).toBe(ledgerFile(input.runDir));
  expect(made.plan.cases.map((c) => c.id)).toEqual(generatePlan(loadSpec(), input.planOptions).cases.map((c) => c.id));
  expect(made.plan.cases.filter((c) => c.write && !c.disabled).every((c) => c.skip !== undefined)).toBe(true);
  expect(made.data.username('x')).toBe(new DataFactory(42, made.prefix).username('x'));
  expect(made.requirements.get('RES-CREATE-201')?.level).toBe('documented');
  expect(new Set(Object.values(made.budgets)).size).toBe(3);
  expect(made.client.baseUrl).toBe(s.baseUrl);
  expect(made.redact(`Bearer ${s.adminToken}`)).toBe('Bearer [redacted]');
  await connectBudgets(made);
  expect(made.tally).toEqual({ requests: {}, dataSafety: {}, rateLimited429s: 0, transientRetries: 0 });
});

test('the tally counts each request sent per credential, the 429s waited out and sent again included', async () => {
  // The limit is enforced, but no header tells the budget: the 4th request meets a 429.
  const s = await server({ rateLimit: 3, fault: 'ratelimit-headers-missing' });
  const made = services(testInput(s));
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await made.client.call('admin', { method: 'GET', path: '/auth/me' })).response!.status);
  expect(statuses).toEqual([200, 200, 200, 200, 200]);
  await made.client.call('none', { method: 'GET', path: '/auth/me' });
  const served429 = s.requestLog.filter((r) => r.status === 429).length;
  expect(served429).toBeGreaterThan(0);
  expect(made.tally.requests.admin).toBe(requestsBy(s, s.adminToken));
  expect(made.tally.requests.admin).toBe(5 + served429);
  expect(made.tally.requests.none).toBe(1);
  expect(made.tally.rateLimited429s).toBe(served429);
  expect(made.tally.transientRetries).toBe(0);
});

test("the tally counts a proxy's 503 sent again as a request and a transient retry", async () => {
  const s = await server({ quirk: 'proxy-503-once' });
  const made = services(testInput(s));
  const ex = await made.client.call('admin', { method: 'GET', path: '/resellers/' });
  expect(ex.response?.status).toBe(200);
  expect(s.requestLog.map((r) => r.status)).toEqual([503, 200]);
  expect(made.tally).toEqual({ requests: { admin: 2 }, dataSafety: {}, rateLimited429s: 0, transientRetries: 1 });
});

test('a shared budget whose store cannot be reached fails connectBudgets, naming the store', async () => {
  // A loopback port the OS chose, closed again: nothing listens there.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  const s = await server();
  const made = services(testInput(s, { budgetRedis: `redis://:hunter2@127.0.0.1:${port}` }));
  const err = await connectBudgets(made).catch((e: unknown) => e as Error);
  expect(err).toBeInstanceOf(Error);
  expect(err!.message).toContain(`127.0.0.1:${port}`);
  expect(err!.message).not.toContain('hunter2');
  expect(s.requestLog).toEqual([]);
});
