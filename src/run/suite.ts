// The bridge to vitest: each planned case is one vitest test, so users get
// vitest's filters, sharding and reporters, and JUnit gets one testcase each.
import { describe, test } from 'vitest';
import type { CaseResult } from '../model.ts';
import type { PlannedCase } from '../cases/types.ts';
import { getRun, type RunContext } from './context.ts';
import { failuresOf } from '../findings.ts';
import { startEngine, type Engine } from './engine.ts';
import { casesOf } from './fixtures.ts';
import type { SuiteDef } from '../cases/kinds/index.ts';
import type { RunInput } from './input.ts';
import { suiteTitle } from './suite-names.ts';

declare module 'vitest' {
  interface TaskMeta {
    wispanel?: CaseResult;
    /** The fleet panel the case ran against (RunInput.panel). */
    wispanelPanel?: string;
  }
}

// A terminal's Ctrl-C reaches this worker too. The CLI process decides what
// follows (end the case, clean up, exit), so the worker must not die mid-case;
// but once the CLI process is gone (a second Ctrl-C), the worker goes too.
process.on('SIGINT', () => {});
process.once('disconnect', () => process.exit(130));

/** Every run defined in this worker, and its engine once started, by run ID. */
const defined = new Map<string, RunContext>();
const engines = new Map<string, Engine>();

/** The first test of any suite starts every run's engine: the panels of a
 *  fleet run side by side, while vitest reports their tests in order. */
function engineOf(runId: string): Engine {
  for (const [id, run] of defined) if (!engines.has(id)) engines.set(id, startEngine(run));
  return engines.get(runId)!;
}

/** The suite's cases of one run as vitest tests, in plan order; the
 *  engine runs them (side by side where they allow it) and each test
 *  reports its case. */
export function defineCaseSuite(def: SuiteDef, input: RunInput): void {
  const run = getRun(input);
  defined.set(input.runId, run);

  describe.sequential(suiteTitle(def.name, input.panel), () => {
    test.for(casesOf(run, def))('$title', async (c: PlannedCase, ctx) => {
      const result = await engineOf(input.runId).result(c.id);
      // Parsed bodies stay in the worker: they may hold a minted secret.
      ctx.task.meta.wispanel = { ...result, exchanges: result.exchanges.map(({ response, ...ex }) => ({ ...ex, response: response && { ...response, json: undefined } })) };
      ctx.task.meta.wispanelPanel = input.panel;
      if (result.outcome === 'disabled' || result.outcome === 'skipped') ctx.skip(result.reason);
      if (result.outcome === 'error') throw new Error(result.reason);
      if (result.outcome === 'failed') {
        const [first] = failuresOf(result, input);
        throw new Error(first ? `${first.requirement}: ${first.message}` : (result.reason ?? 'failed'));
      }
    });
  });
}
