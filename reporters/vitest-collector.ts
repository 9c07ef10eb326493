import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { CaseResult } from '../src/model.ts';
import type { PlannedCase } from '../src/cases/types.ts';
import type { Progress } from './progress.ts';
import { panelOfTitle } from '../src/run/suite-names.ts';

/** Receives each case's result from the vitest worker (task meta), by
 *  panel in a fleet. A test that ended without one broke inside the suite:
 *  it becomes an error. */
export class CaseCollector implements Reporter {
  /** By vitest test id: a cancelled run reports some tests twice. */
  private readonly byTest = new Map<string, CaseResult>();
  /** The fleet panel of each test, by vitest test id. */
  private readonly panels = new Map<string, string | undefined>();
  /** Tests that ended without running (the run was cancelled). */
  private readonly unrun = new Set<string>();
  /** Errors vitest saw outside any case (a hook, an import). */
  readonly suiteErrors: string[] = [];

  constructor(private readonly progress?: Progress) {}

  get results(): CaseResult[] {
    return [...this.byTest.values()];
  }

  /** The results of one panel of a fleet. */
  resultsOf(panel: string | undefined): CaseResult[] {
    return [...this.byTest].filter(([id]) => this.panels.get(id) === panel).map(([, result]) => result);
  }

  onTestCaseResult(testCase: TestCase): void {
    const meta = testCase.meta().wispanel;
    this.panels.set(testCase.id, testCase.meta().wispanelPanel ?? (testCase.parent.type === 'suite' ? panelOfTitle(testCase.parent.name) : undefined));
    const state = testCase.result().state;
    if (!meta && (state === 'skipped' || state === 'pending')) this.unrun.add(testCase.id);
    const result: CaseResult = meta ?? {
      id: testCase.fullName,
      operationId: 'unknown',
      group: testCase.module.moduleId.split('/').pop() ?? 'suite',
      kind: 'positive',
      title: testCase.name,
      credential: 'admin',
      requirements: [],
      outcome: 'error',
      reason: `suite error: ${testCase.result().errors?.[0]?.message ?? `the test ended ${testCase.result().state} without a result`}`,
      findings: [],
      exchanges: [],
      durationMs: testCase.diagnostic()?.duration ?? 0,
    };
    const first = !this.byTest.has(testCase.id);
    this.byTest.set(testCase.id, result);
    if (first) this.progress?.tick(result);
  }

  /** After a cancelled run (or none, for a fleet panel that could not
   *  start): every planned case of the panel that did not run gets `outcome`
   *  (skipped after an interrupt; error after our own run timeout) and the
   *  reason, in place of vitest's bare record of it. */
  notRun(planned: readonly PlannedCase[], outcome: 'skipped' | 'error', reason: string, panel?: string): void {
    for (const id of this.unrun) if (this.panels.get(id) === panel) this.byTest.delete(id);
    const ran = new Set(this.resultsOf(panel).map((r) => r.id));
    for (const c of planned) {
      if (ran.has(c.id)) continue;
      const { id, operationId, group, kind, title, credential, requirements } = c;
      const base = { id, operationId, group, kind, title, credential, requirements, findings: [], exchanges: [], durationMs: 0 };
      // Keyed apart from vitest's test ids: every panel plans the same case IDs.
      const key = `${panel ?? ''}\u0000${id}`;
      this.panels.set(key, panel);
      if (c.disabled || c.skip) this.byTest.set(key, { ...base, outcome: c.disabled ? 'disabled' : 'skipped', reason: c.disabled ?? c.skip });
      else this.byTest.set(key, { ...base, outcome, reason });
    }
  }

  onTestModuleEnd(module: TestModule): void {
    for (const e of module.errors()) this.suiteErrors.push(`${module.moduleId.split('/').pop()}: ${e.message}`);
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<{ message?: string }>): void {
    for (const e of unhandledErrors) this.suiteErrors.push(e.message ?? String(e));
    this.progress?.done();
  }
}
