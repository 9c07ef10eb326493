import { fileURLToPath } from 'node:url';
import { createVitest, type Vitest } from 'vitest/node';
import { packageRoot } from '../spec/paths.ts';
import type { RunInput } from '../run/input.ts';
import type { CaseCollector } from '../../reporters/vitest-collector.ts';

/**
 * All suites in ONE worker with module isolation off, so every suite shares
 * the run's budgets (one limiter per credential for the whole run). The rate
 * limit, not the CPU, bounds the speed: one worker loses nothing.
 */
export async function createSuiteRunner(input: RunInput, collector: CaseCollector, timeoutMs: number): Promise<Vitest> {
  const before = new Map(SIGNALS.map((s) => [s, process.listeners(s)]));
  const vitest = await createVitest(
    'test',
    {
      config: false,
      root: packageRoot,
      dir: fileURLToPath(new URL('../../suites', import.meta.url)),
      watch: false,
      reporters: [collector],
      pool: 'forks',
      maxWorkers: 1,
      isolate: false,
      fileParallelism: false,
      testTimeout: timeoutMs,
      hookTimeout: timeoutMs,
      passWithNoTests: true,
      // No results cache: in an installed package it would be written into
      // node_modules/wispanel-conformance (maybe read-only); one run needs none.
      cache: false,
    },
    {
      test: {
        // .ts in a checkout, the compiled .js in the installed package (dist/suites).
        include: ['**/*.test.{ts,js}'],
        provide: { wispanel: input },
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
