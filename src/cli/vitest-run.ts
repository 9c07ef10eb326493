import { createVitest, type Vitest } from 'vitest/node';
import type { RunInput } from '../run/input.ts';
import type { CaseCollector } from '../../reporters/vitest-collector.ts';
import { suiteTestOptions } from './suite-options.ts';

/** The suites of the runs (one panel, or a fleet's, side by side in the one
 *  worker), started programmatically (suite-options.ts says how they run),
 *  reporting to the collector only. */
export async function createSuiteRunner(runs: RunInput[], collector: CaseCollector, timeoutMs: number): Promise<Vitest> {
  const before = new Map(SIGNALS.map((s) => [s, process.listeners(s)]));
  const { include, ...options } = suiteTestOptions(timeoutMs);
  const vitest = await createVitest(
    'test',
    { ...options, config: false, watch: false, reporters: [collector] },
    {
      test: {
        include,
        provide: { wispanel: { runs } },
      },
    },
  );
  // vitest's logger exits the process on the first SIGINT/SIGTERM; the CLI
  // handles signals itself (cancel, clean up, then exit), so drop them.
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.includes(listener)) process.off(signal, listener);
  }
  return vitest;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
