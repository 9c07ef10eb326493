// The bridge to vitest: each planned case is one vitest test, so users get
// vitest's filters, sharding and reporters, and JUnit gets one testcase each.
import { afterAll, beforeAll, describe, inject, test } from 'vitest';
import type { CaseResult } from '../model.ts';
import type { PlannedCase } from '../cases/types.ts';
import { getRun } from './context.ts';
import { failuresOf } from '../findings.ts';
import { executeCase } from './execute.ts';
import { casesOf, cleanupSuite, setUpSuite } from './fixtures.ts';
import type { SuiteDef } from '../cases/kinds/index.ts';
import './input.ts';

declare module 'vitest' {
  interface TaskMeta {
    wispanel?: CaseResult;
  }
}

// A terminal's Ctrl-C reaches this worker too. The CLI process decides what
// follows (end the case, clean up, exit), so the worker must not die mid-case;
// but once the CLI process is gone (a second Ctrl-C), the worker goes too.
process.on('SIGINT', () => {});
process.once('disconnect', () => process.exit(130));

export function defineCaseSuite(def: SuiteDef): void {
  const input = inject('wispanel');
  const run = getRun(input);

  describe.sequential(def.name, () => {
    beforeAll(() => setUpSuite(run, def));
    afterAll(async () => {
      await cleanupSuite(run, def);
    });

    test.for(casesOf(run, def))('$title', async (c: PlannedCase, ctx) => {
      const result = await executeCase(run, c, def.name);
      // Parsed bodies stay in the worker: they may hold a minted secret.
      ctx.task.meta.wispanel = { ...result, exchanges: result.exchanges.map(({ response, ...ex }) => ({ ...ex, response: response && { ...response, json: undefined } })) };
      if (result.outcome === 'disabled' || result.outcome === 'skipped') ctx.skip(result.reason);
      if (result.outcome === 'error') throw new Error(result.reason);
      if (result.outcome === 'failed') {
        const [first] = failuresOf(result, input);
        throw new Error(first ? `${first.requirement}: ${first.message}` : (result.reason ?? 'failed'));
      }
    });
  });
}
