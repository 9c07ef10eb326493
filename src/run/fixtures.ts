import type { PlannedCase } from '../model/case.ts';
import { describeOutcome, succeeded } from '../model/exchange.ts';
import { readerOf } from '../spec/load.ts';
import type { SuiteDef } from '../cases/kinds/index.ts';
import { writtenParts } from '../cases/kinds/lifecycle.ts';
import { distinctiveValues, containsValue } from '../checks/read-back.ts';
import { positiveBodies } from '../../fixtures/bodies.ts';
import { executorOf } from './kinds/index.ts';
import type { RunContext } from './context.ts';
import { recordCreated, withIntent } from './creates.ts';
import { cleanupLedger, type CleanupReport } from './cleanup.ts';
import { operationPath } from './paths.ts';
import { lifecycleUsername } from './request.ts';

/** The ledger owner of what the run itself sets up around the suites. */
const RUN_OWNER = 'run';

/** The suite's cases, in plan order. */
export function casesOf(run: RunContext, def: SuiteDef): PlannedCase[] {
  return run.plan.cases.filter((c) => def.kinds.includes(c.kind) && Boolean(c.deferred) === Boolean(def.deferred));
}

/** Before a suite's first case. */
export async function setUpSuite(run: RunContext, def: SuiteDef): Promise<void> {
  await run.seedBudgets();
  const runnable = casesOf(run, def).filter((c) => !c.disabled && !c.skip);
  if (def.fixture && runnable.some((c) => c.target === 'fixture')) await createFixture(run, def);
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
 *  cases that need it skipped) when the server will not create one. The
 *  validation suite's goes with the run's own set-up, after the refusals
 *  suite, when that reads its parts (fixture-parts); any other with its suite. */
export async function createFixture(run: RunContext, def: SuiteDef): Promise<void> {
  const create = run.spec.record.create;
  const body = run.data.resellerCreate(`fixture:${def.name}`);
  const owner = def.kinds.includes('validation') && readsFixtureParts(run) ? RUN_OWNER : def.name;
  const ex = await run.client.call('admin', withIntent(run, create, body, owner, { method: create.method, path: create.path, body: { json: body } }));
  recordCreated(run, create, body, ex, owner);
  if (succeeded(ex)) run.fixtures.set(def.name, body.username);
}

const readsFixtureParts = (run: RunContext) => run.plan.cases.some((c) => c.variant.type === 'fixture-parts' && !c.disabled && !c.skip);

/** Before the suites: the bystander, when a case needs it, named like the
 *  lifecycle's reseller, with every part a delete may reset written (and
 *  read back), so that a reset of every record shows on it. */
export async function setUpRun(run: RunContext): Promise<void> {
  await run.seedBudgets();
  if (!run.plan.cases.some((c) => c.target === 'bystander' && !c.disabled && !c.skip)) return;
  const { create } = run.spec.record;
  const target = lifecycleUsername(run);
  const body = run.data.bystanderOf(target);
  const created = await safetyClient(run).call(
    'admin',
    withIntent(run, create, body, RUN_OWNER, { method: create.method, path: create.path, body: { json: body } }),
  );
  recordCreated(run, create, body, created, RUN_OWNER);
  if (!succeeded(created)) {
    run.bystander.unusable = `the server did not create the bystander reseller ${body.username} (${describeOutcome(created)})`;
    return;
  }
  run.bystander.username = body.username;
  for (const part of writtenParts(run.spec).filter((p) => resettable(run, p.path))) await writePart(run, part.path, body.username);
}

/** What the bystander costs is the data-safety checks' cost. */
const safetyClient = (run: RunContext) => run.client.withPurpose('data-safety');

/** A part a DELETE of its own path resets (the branding). */
function resettable(run: RunContext, path: string): boolean {
  return run.spec.operations.some((o) => o.method === 'DELETE' && o.path === path);
}

/** Writes the part at `path` of the bystander and keeps what the read back
 *  shows of it (nothing, when the server ignored our guess of the body). */
async function writePart(run: RunContext, path: string, username: string): Promise<void> {
  const writer = run.spec.operations.find((o) => (o.method === 'PUT' || o.method === 'POST') && o.path === path);
  const reader = writer && readerOf(run.spec, writer);
  const build = writer && positiveBodies[writer.operationId];
  if (!writer || !reader || !build) return;
  const written = build(run.data, 'bystander');
  const at = operationPath(writer, { username });
  const wrote = await safetyClient(run).call('admin', { method: writer.method, path: at, body: { json: written } });
  if (!succeeded(wrote)) return;
  const read = await safetyClient(run).call('admin', { method: 'GET', path: operationPath(reader, { username }) });
  if (!succeeded(read)) return;
  run.bystander.keeps[reader.operationId] = distinctiveValues(written).filter((v) => containsValue(read.response!.json, v));
}

/** After the suites: what the run set up around them goes. */
export async function tearDownRun(run: RunContext): Promise<CleanupReport> {
  return cleanupLedger(safetyClient(run), run.spec, run.ledger, run.prefix, RUN_OWNER);
}

/** After each suite: its kinds drop their state, and what the suite
 *  created goes (suites may run side by side: each cleans up its own). */
export async function cleanupSuite(run: RunContext, def: SuiteDef): Promise<CleanupReport> {
  run.fixtures.delete(def.name);
  for (const kind of def.kinds) executorOf(kind).afterSuite?.(run);
  return cleanupLedger(run.client, run.spec, run.ledger, run.prefix, def.name);
}
