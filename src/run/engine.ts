// Runs a run's plan: every suite's set-up, cases and clean-up. At
// concurrency 1, one case after another in plan order. Above it, the suites
// run side by side (each cleans up only what it created), and within a
// suite its steps (a case's phase: one record's life, one key's) run in
// order, the cases of one step side by side, its requests ahead of the
// independent cases' (src/http/priority.ts); the suites that run last (the
// rate-limit test spends a window) wait for all the others and run alone.
// The budgets and the in-flight bound remain the only gates on the network.
// Results are handed out by case, so the vitest tests that report them do so
// in plan order whatever finished first.
import type { CaseResult } from '../model.ts';
import type { PlannedCase } from '../cases/types.ts';
import { kindOf, SUITES, type SuiteDef } from '../cases/kinds/index.ts';
import type { RunContext } from './context.ts';
import { executeCase } from './execute.ts';
import { casesOf, cleanupSuite, setUpSuite } from './fixtures.ts';
import { ALONE_PRIORITY, DEFAULT_PRIORITY, stepPriority } from '../http/priority.ts';

export interface Engine {
  /** The result of a case, once it has run. */
  result(caseId: string): Promise<CaseResult>;
}

export function startEngine(run: RunContext): Engine {
  const settle = new Map<string, (r: CaseResult) => void>();
  const results = new Map<string, Promise<CaseResult>>();
  for (const c of run.plan.cases) results.set(c.id, new Promise((resolve) => settle.set(c.id, resolve)));
  const runCase = async (c: PlannedCase, suite: SuiteDef, priority: number) => settle.get(c.id)!(await executeCase(run, c, suite.name, priority));
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
      for (const c of cases) settle.get(c.id)!(suiteError(c, err));
    }
    // What the suite could not delete stays in the ledger: the CLI's final
    // clean-up tries again (and names what is left). The next suites run.
    await cleanupSuite(run, def).catch(() => {});
  };
  const sideBySide = (run.input.concurrency ?? 1) > 1;
  void (async () => {
    const first = SUITES.filter((s) => !s.kinds.some((k) => kindOf(k).runsLast));
    const last = SUITES.filter((s) => !first.includes(s));
    if (sideBySide) await Promise.all(first.map((s) => runSuite(s, true)));
    else for (const s of first) await runSuite(s, false);
    for (const s of last) await runSuite(s, false);
  })().catch((err: unknown) => {
    // Never a test left waiting: whatever did not settle is the suite's error.
    for (const c of run.plan.cases) settle.get(c.id)!(suiteError(c, err));
  });
  return {
    result: (id) => {
      const r = results.get(id);
      if (!r) throw new Error(`no planned case ${id}`);
      return r;
    },
  };
}

function suiteError(c: PlannedCase, err: unknown): CaseResult {
  const { id, operationId, group, kind, title, credential, requirements } = c;
  return { id, operationId, group, kind, title, credential, requirements, outcome: 'error', reason: `suite error: ${(err as Error).message}`, findings: [], exchanges: [], durationMs: 0 };
}
