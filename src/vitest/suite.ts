// Plain vitest's side of a run (the package's vitest.config.ts): each
// planned case is one vitest test, so vitest's filters, sharding and
// reporters apply and JUnit gets one testcase each. The engine runs the
// cases (side by side where they allow it) and each test reports its case.
import { describe, test } from 'vitest';
import type { PlannedCase } from '../model/case.ts';
import { failuresOf } from '../model/finding.ts';
import type { SuiteDef } from '../cases/kinds/index.ts';
import { getRun, type RunContext } from '../run/context.ts';
import { startEngine, type Engine } from '../run/engine.ts';
import { casesOf } from '../run/fixtures.ts';
import type { RunInput } from '../run/input.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run the global set-up (setup.ts) opened and checked. */
    wispanel: RunInput;
  }
}

// A terminal's Ctrl-C reaches this worker too. The main process decides
// what follows (vitest ends the run, the set-up's teardown cleans up), so
// the worker must not die mid-case; but once the main process is gone (a
// second Ctrl-C), the worker goes too.
process.on('SIGINT', () => {});
process.once('disconnect', () => process.exit(130));

/** The engine, started by the first test of any suite. */
let engine: Engine | undefined;

/** The suite's cases as vitest tests, in plan order. */
export function defineCaseSuite(def: SuiteDef, input: RunInput): void {
  const run: RunContext = getRun(input);
  describe.sequential(def.name, () => {
    test.for(casesOf(run, def))('$title', async (c: PlannedCase, ctx) => {
      engine ??= startEngine(run);
      const result = await engine.result(c.id);
      if (result.outcome === 'disabled' || result.outcome === 'skipped') ctx.skip(result.reason);
      if (result.outcome === 'error') throw new Error(result.reason);
      if (result.outcome === 'failed') {
        const [first] = failuresOf(result, input);
        throw new Error(first ? `${first.requirement}: ${first.message}` : (result.reason ?? 'failed'));
      }
    });
  });
}
