// The bridge to vitest: each planned case is one vitest test, so users get
// vitest's filters, sharding and reporters, and JUnit gets one testcase each.
import { afterAll, beforeAll, describe, inject, test } from 'vitest';
import type { CaseKind, CaseResult } from '../model.ts';
import type { PlannedCase } from '../cases/types.ts';
import { getRun } from './context.ts';
import { executeCase } from './execute.ts';
import { cleanupSuite, createFixture } from './fixtures.ts';
import './input.ts';

declare module 'vitest' {
  interface TaskMeta {
    wispanel?: CaseResult;
  }
}

export interface SuiteOptions {
  /** The suite's negative cases need a reseller of the run's own. */
  fixture?: boolean;
}

export function defineCaseSuite(name: string, kinds: CaseKind[], opts: SuiteOptions = {}): void {
  const input = inject('wispanel');
  const run = getRun(input);
  const cases = run.plan.cases.filter((c) => kinds.includes(c.kind));
  const needsFixture = opts.fixture && cases.some((c) => c.target === 'fixture' && !c.disabled && !c.skip);

  describe.sequential(name, () => {
    beforeAll(async () => {
      await run.seedBudget(input.preflightRate);
      if (needsFixture) await createFixture(run, name);
    });
    afterAll(async () => {
      await cleanupSuite(run, name);
    });

    test.for(cases)('$title', async (c: PlannedCase, ctx) => {
      const result = await executeCase(run, c, name);
      // Parsed bodies stay in the worker: they may hold a minted secret.
      ctx.task.meta.wispanel = { ...result, exchanges: result.exchanges.map(({ response, ...ex }) => ({ ...ex, response: response && { ...response, json: undefined } })) };
      if (result.outcome === 'disabled' || result.outcome === 'skipped') ctx.skip(result.reason);
      if (result.outcome === 'error') throw new Error(result.reason);
      if (result.outcome === 'failed') {
        const first = result.findings.find((f) => !f.ok && (f.level === 'documented' || input.strict));
        throw new Error(first ? `${first.requirement}: ${first.message}` : (result.reason ?? 'failed'));
      }
    });
  });
}
