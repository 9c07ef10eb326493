import type { PlannedCase } from '../cases/types.ts';
import type { RunContext } from './context.ts';
import { cleanupLedger, type CleanupReport } from './cleanup.ts';
import type { SuiteDef } from './suites.ts';

/** The suite's cases, in plan order. */
export function casesOf(run: RunContext, def: SuiteDef): PlannedCase[] {
  return run.plan.cases.filter((c) => def.kinds.includes(c.kind));
}

/** Before a suite's first case. */
export async function setUpSuite(run: RunContext, def: SuiteDef): Promise<void> {
  await run.seedBudget(run.input.preflightRate);
  const needsFixture = def.fixture && casesOf(run, def).some((c) => c.target === 'fixture' && !c.disabled && !c.skip);
  if (needsFixture) await createFixture(run, def.name);
}

/** A reseller of the run's own for a suite's negative cases; absent (and the
 *  cases that need it skipped) when the server will not create one. */
export async function createFixture(run: RunContext, suite: string): Promise<void> {
  const create = run.spec.operations.find((o) => o.method === 'POST' && o.hints.target === 'none' && o.hints.positive !== false);
  if (!create) return;
  const body = run.data.resellerCreate(`fixture:${suite}`);
  run.ledger.intend(body);
  const ex = await run.client.call('admin', { method: create.method, path: create.path, body: { json: body } });
  if (ex.response && ex.response.status >= 200 && ex.response.status < 300) {
    run.ledger.created(body);
    run.fixtures.set(suite, body.username);
  }
}

/** After each suite: whatever the ledger still holds goes. Suites run one
 *  after another, so nothing another suite needs is pending at that point. */
export async function cleanupSuite(run: RunContext, suite: string): Promise<CleanupReport> {
  run.fixtures.delete(suite);
  if (suite === 'roles') {
    run.roles.client = undefined;
    run.roles.ownUsername = undefined;
  }
  return cleanupLedger(run.client, run.spec, run.ledger, run.prefix);
}
