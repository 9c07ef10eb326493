import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { CaseResult } from '../src/model.ts';
import type { Progress } from './progress.ts';

/** Receives each case's result from the vitest worker (task meta). A test
 *  that ended without one broke inside the suite: it becomes an error. */
export class CaseCollector implements Reporter {
  readonly results: CaseResult[] = [];
  /** Errors vitest saw outside any case (a hook, an import). */
  readonly suiteErrors: string[] = [];

  constructor(private readonly progress?: Progress) {}

  onTestCaseResult(testCase: TestCase): void {
    const meta = testCase.meta().wispanel;
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
    this.results.push(result);
    this.progress?.tick(result);
  }

  onTestModuleEnd(module: TestModule): void {
    for (const e of module.errors()) this.suiteErrors.push(`${module.moduleId.split('/').pop()}: ${e.message}`);
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<{ message?: string }>): void {
    for (const e of unhandledErrors) this.suiteErrors.push(e.message ?? String(e));
    this.progress?.done();
  }
}
