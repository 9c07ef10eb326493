import type { PlannedCase } from '../model/case.ts';
import type { SuiteDef } from '../cases/kinds/index.ts';
import { executorOf } from './kinds/index.ts';
import { succeeded } from '../model/exchange.ts';
import type { RunContext } from './context.ts';
import { recordCreated, recordIntent } from './creates.ts';
import { cleanupLedger, type CleanupReport } from './cleanup.ts';

/** The suite's cases, in plan order. */
export function casesOf(run: RunContext, def: SuiteDef): PlannedCase[] {
  return run.plan.cases.filter((c) => def.kinds.includes(c.kind) && Boolean(c.deferred) === Boolean(def.deferred));
}

/** Before a suite's first case. */
export async function setUpSuite(run: RunContext, def: SuiteDef): Promise<void> {
  await run.seedBudgets();
  const runnable = casesOf(run, def).filter((c) => !c.disabled && !c.skip);
  if (def.fixture && runnable.some((c) => c.target === 'fixture')) await createFixture(run, def.name);
  if (run.input.resellerToken && runnable.some((c) => c.credential === 'reseller')) adoptResellerKey(run);
}

/** --reseller-token: whose key it is, as the preflight asked (the identity
 *  operation), so the role cases can read its own record; when it could
 *  not tell, they are skipped with the reason. */
function adoptResellerKey(run: RunContext): void {
  const key = run.input.resellerKey;
  if (!key) throw new Error('--reseller-token was not checked by the preflight');
  if ('unusable' in key) {
    run.roles.unusable = key.unusable;
  } else {
    run.roles.client = run.client;
    run.roles.ownUsername = key.username;
  }
}

/** A reseller of the run's own for a suite's negative cases; absent (and the
 *  cases that need it skipped) when the server will not create one. */
export async function createFixture(run: RunContext, suite: string): Promise<void> {
  const create = run.spec.record.create;
  const body = run.data.resellerCreate(`fixture:${suite}`);
  recordIntent(run, create, body, suite);
  const ex = await run.client.call('admin', { method: create.method, path: create.path, body: { json: body } });
  recordCreated(run, create, body, ex, suite);
  if (succeeded(ex)) run.fixtures.set(suite, body.username);
}

/** After each suite: its kinds drop their state, and what the suite
 *  created goes (suites may run side by side: each cleans up its own). */
export async function cleanupSuite(run: RunContext, def: SuiteDef): Promise<CleanupReport> {
  run.fixtures.delete(def.name);
  for (const kind of def.kinds) executorOf(kind).afterSuite?.(run);
  return cleanupLedger(run.client, run.spec, run.ledger, run.prefix, def.name);
}
