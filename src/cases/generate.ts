// The plan: every kind's cases (src/cases/kinds/), generated from the spec by
// rule, never listed by hand, then shaped by the options. Pure: the same spec
// and options always give the same plan.
import { createHash } from 'node:crypto';
import type { LoadedSpec } from '../spec/load.ts';
import type { BudgetKey } from '../model/exchange.ts';
import { KINDS, SUITES, kindOf, suiteOf } from './kinds/index.ts';
import type { Plan, PlannedCase, PlanOptions } from '../model/case.ts';

export type { PlanOptions } from '../model/case.ts';

/** Plans made, by spec and options: a fleet's panels (and the check of
 *  the selection before them) share one options, so one plan. */
const made = new WeakMap<LoadedSpec, Map<string, Plan>>();

/** The plan; frozen, as runs that share it must not change it. */
export function generatePlan(spec: LoadedSpec, opts: PlanOptions): Plan {
  const key = JSON.stringify(opts);
  let plans = made.get(spec);
  if (!plans) made.set(spec, (plans = new Map<string, Plan>()));
  let plan = plans.get(key);
  if (!plan) plans.set(key, (plan = deepFreeze(makePlan(spec, opts))));
  return plan;
}

function makePlan(spec: LoadedSpec, opts: PlanOptions): Plan {
  const cases = KINDS.flatMap((k) => k.plan(spec, opts));
  for (const c of cases) applyOptions(c, opts);
  deferOverflow(cases, opts.rate ?? spec.rateLimit.limit);
  return { cases: inRunOrder(cases), overhead: overhead(cases, opts) };
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}

/** Suite by suite; within a suite, the lifecycle's phases (create first,
 *  delete last), otherwise as planned. */
function inRunOrder(cases: PlannedCase[]): PlannedCase[] {
  const suiteIndex = (c: PlannedCase) => SUITES.indexOf(suiteOf(c));
  return cases
    .map((c, i) => ({ c, i }))
    .sort((a, b) => suiteIndex(a.c) - suiteIndex(b.c) || (a.c.phase ?? 0) - (b.c.phase ?? 0) || a.i - b.i)
    .map(({ c }) => c);
}

/**
 * Suites run one after another, so a suite that needs a second window of a
 * key no other suite uses (the no-key auth cases) would stall the whole run
 * for that window. Its cases beyond the first window are deferred to the
 * end of the run instead, when the window has passed while the admin key
 * worked. The admin key gains nothing from this: every suite uses it.
 */
function deferOverflow(cases: PlannedCase[], rate: number): void {
  const runnable = cases.filter((c) => !c.disabled && !c.skip);
  const deferrable = runnable.filter((c) => kindOf(c.kind).deferrable);
  // What cannot wait (another suite's requests of the same key) takes its
  // share of the first window before any deferrable case does.
  const spent: Partial<Record<BudgetKey, number>> = {};
  const spend = (c: PlannedCase) => {
    for (const [key, n] of Object.entries(c.cost) as [BudgetKey, number][]) {
      if (key === 'admin') continue;
      spent[key] = (spent[key] ?? 0) + n;
      if (spent[key] > rate && deferrable.includes(c)) c.deferred = true;
    }
  };
  for (const c of runnable) if (!deferrable.includes(c)) spend(c);
  for (const c of deferrable) spend(c);
}

function applyOptions(c: PlannedCase, opts: PlanOptions): void {
  const filter = opts.filter === undefined ? undefined : new RegExp(opts.filter);
  if (filter && !filter.test(c.id) && !filter.test(c.title)) c.disabled = `does not match --filter ${opts.filter}`;
  else if (opts.operations && !opts.operations.includes(c.operationId)) c.disabled = `not among --operation ${opts.operations.join(',')}`;
  else if (opts.requirements && !c.requirements.some((id) => opts.requirements!.includes(id)))
    c.disabled = `stands for none of --requirement ${opts.requirements.join(',')}`;
  else if (opts.exclude.includes(c.kind)) c.disabled = `kind ${c.kind} excluded (--exclude)`;
  else if (opts.exclude.includes(selectedAs(c))) c.disabled = `kind ${selectedAs(c)} excluded (--exclude)`;
  else if (c.profile === 'certify' && opts.profile !== 'certify' && !opts.include.includes(selectedAs(c))) {
    c.disabled = `not in the ${opts.profile} profile (--profile certify or --include ${selectedAs(c)})`;
  } else if (c.variant.type === 'mint-key' && opts.hasResellerToken) {
    c.skip = 'a reseller key was given (--reseller-token): none is minted';
  } else if (
    opts.readOnly &&
    (c.write || c.target === 'lifecycle' || c.target === 'fixture' || c.target === 'bystander' || (c.target === 'own' && !opts.hasResellerToken))
  ) {
    c.skip = c.write ? 'read-only run: the case sends a write' : 'read-only run: the case needs a reseller the run would create';
  } else if (opts.shard && shardOf(c, opts.shard.count) !== opts.shard.index) {
    c.disabled = `${IN_SHARD} ${shardOf(c, opts.shard.count)}/${opts.shard.count}`;
  }
}

/** The kind a case is chosen by: a key pushed beyond its limit goes with the
 *  active rate-limit test wherever its suite is (the reseller key's burst is
 *  a step of the role suite), so --include/--exclude rate-limit take both. */
function selectedAs(c: PlannedCase): PlannedCase['kind'] {
  return c.variant.type === 'exceed-limit' ? 'rate-limit' : c.kind;
}

/** The reason of a case another shard runs: `in shard 2/3`. */
export const IN_SHARD = 'in shard';

/** The shard (1-based) of a case among `count`: a case that stands alone
 *  by a stable hash of its ID, so every shard of any machine agrees; a
 *  chained one (a record's life, a key's) in shard 1 with its chain. */
export function shardOf(c: Pick<PlannedCase, 'id' | 'kind'>, count: number): number {
  if (!kindOf(c.kind).standsAlone) return 1;
  return (createHash('sha256').update(c.id).digest().readUInt32BE(0) % count) + 1;
}

/** A created reseller the clean-up removes: its DELETE and the read that
 *  confirms it. */
const CLEANUP_REQUESTS = 2;
/** A fixture costs its create and its clean-up. */
const FIXTURE_REQUESTS = 1 + CLEANUP_REQUESTS;
/** The bystander: its create, its branding written and read back, its clean-up. */
const BYSTANDER_REQUESTS = 3 + CLEANUP_REQUESTS;

/** Requests outside cases: the preflight (the admin key's, and a given
 *  reseller key's: whose it is), the run's bystander, the set-up and
 *  clean-up of the suites' fixture resellers, and the clean-up of the minted
 *  key's owner. */
function overhead(cases: PlannedCase[], opts: PlanOptions): Partial<Record<BudgetKey, number>> {
  const runnable = cases.filter((c) => !c.disabled && !c.skip);
  let admin = 1; // preflight
  const reseller = opts.hasResellerToken ? 1 : 0;
  if (runnable.some((c) => c.target === 'bystander')) admin += BYSTANDER_REQUESTS;
  for (const suite of SUITES) {
    const inSuite = runnable.filter((c) => suite.kinds.includes(c.kind) && Boolean(c.deferred) === Boolean(suite.deferred));
    if (suite.fixture && inSuite.some((c) => c.target === 'fixture')) admin += FIXTURE_REQUESTS;
  }
  admin += CLEANUP_REQUESTS * runnable.filter((c) => c.variant.type === 'mint-key').length;
  return { admin, reseller };
}
