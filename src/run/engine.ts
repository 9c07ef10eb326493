// Runs a run's plan: every suite's set-up, cases and clean-up. At
// concurrency 1, one case after another in plan order. Above it, the suites
// run side by side (each cleans up only what it created), and within a
// suite its steps (a case's phase: one record's life, one key's) run in
// order, the cases of one step side by side, its requests ahead of the
// independent cases' (src/http/priority.ts); the suites that run last (the
// rate-limit test spends a window) wait for all the others and run alone.
// The budgets and the in-flight bound remain the only gates on the network.
// Results are handed out by case, and all of them in plan order at the end,
// whatever finished first.
import type { PlannedCase } from '../model/case.ts';
import type { CaseResult } from '../model/record.ts';
import { kindOf, SUITES, type SuiteDef } from '../cases/kinds/index.ts';
import { ALONE_PRIORITY, DEFAULT_PRIORITY, stepPriority } from '../http/priority.ts';
import type { RunContext } from './context.ts';
import { executeCase, notRun, stoppedBy } from './execute.ts';
import { casesOf, cleanupSuite, setUpRun, setUpSuite, tearDownRun } from './fixtures.ts';

export interface Engine {
  /** The result of a case, once it has run. */
  result(caseId: string): Promise<CaseResult>;
  /** Every case's result, in plan order, once all have settled. */
  readonly done: Promise<CaseResult[]>;
}

export interface EngineOptions {
  /** Told of each case as it settles (the progress line). */
  onResult?: (result: CaseResult) => void;
  /** Aborted with a RunCancelled when the run is cancelled: no case starts
   *  any more, and those under way end as its reason says. The run's
   *  client must carry the same signal (createRunContext). */
  signal?: AbortSignal;
}

export function startEngine(run: RunContext, opts: EngineOptions = {}): Engine {
  const settle = new Map<string, (r: CaseResult) => void>();
  const results = new Map<string, Promise<CaseResult>>();
  for (const c of run.plan.cases) results.set(c.id, new Promise((resolve) => settle.set(c.id, resolve)));
  const settled = new Set<string>();
  const give = (c: PlannedCase, r: CaseResult) => {
    if (settled.has(c.id)) return;
    settled.add(c.id);
    settle.get(c.id)!(r);
    opts.onResult?.(r);
  };
  const runCase = async (c: PlannedCase, suite: SuiteDef, priority: number) => give(c, await executeCase(run, c, suite.name, priority, opts.signal));
  const runSuite = async (def: SuiteDef, sideBySide: boolean) => {
    const cases = casesOf(run, def);
    const steps = [...new Set(cases.map((c) => c.phase ?? 0))].sort((a, b) => a - b);
    // Side by side, a suite of several steps is a chain: its steps go ahead
    // of independent cases, those with the most still behind them first. A
    // suite that runs alone has every slot.
    const priorityAt = (i: number) => (steps.length > 1 ? stepPriority(steps.length - 1 - i) : DEFAULT_PRIORITY);
    try {
      await setUpSuite(run, def);
      if (!sideBySide) for (const c of cases) await runCase(c, def, ALONE_PRIORITY);
      else {
        for (const [i, step] of steps.entries()) await Promise.all(cases.filter((c) => (c.phase ?? 0) === step).map((c) => runCase(c, def, priorityAt(i))));
      }
    } catch (err) {
      // A broken set-up is ours: every case not yet settled says so.
      for (const c of cases) give(c, unsettled(c, err));
    }
    // What the suite could not delete stays in the ledger: the final
    // clean-up tries again (and names what is left). The next suites run.
    await cleanupSuite(run, def).catch(() => {});
  };
  const sideBySide = (run.input.concurrency ?? 1) > 1;
  const all = (async () => {
    const first = SUITES.filter((s) => !s.kinds.some((k) => kindOf(k).runsLast));
    const last = SUITES.filter((s) => !first.includes(s));
    await setUpRun(run);
    if (sideBySide) await Promise.all(first.map((s) => runSuite(s, true)));
    else for (const s of first) await runSuite(s, false);
    // The rate-limit test spends what is left of the window the others
    // used; what follows it (the refusals' list, the tear-down) goes in the
    // window after, beside the recovery it waits for anyway.
    for (const s of last) await runSuite(s, false);
    await tearDownRun(run).catch(() => {});
  })().catch((err: unknown) => {
    // Never a case left waiting: whatever did not settle is the suite's error.
    for (const c of run.plan.cases) give(c, unsettled(c, err));
  });
  return {
    result: (id) => {
      const r = results.get(id);
      if (!r) throw new Error(`no planned case ${id}`);
      return r;
    },
    done: all.then(() => Promise.all(run.plan.cases.map((c) => results.get(c.id)!))),
  };
}

/** A case its suite could not reach: not run when the run was stopped,
 *  else a suite error. */
function unsettled(c: PlannedCase, err: unknown): CaseResult {
  return stoppedBy(c, err) ?? notRun(c, 'error', `suite error: ${(err as Error).message}`);
}
