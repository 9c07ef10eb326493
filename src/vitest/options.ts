// How the conformance suites run under vitest, for the CLI (vitest-run.ts)
// and for plain vitest (the package's vitest.config.ts) alike. Imports
// nothing heavy: vitest.config.ts bundles it.
import { packageRoot } from '../spec/paths.ts';

/**
 * All suites in ONE worker with module isolation off, so every suite shares
 * the run's budgets (one limiter per credential for the whole run). The rate
 * limit, not the CPU, bounds the speed: one worker loses nothing. A case may
 * wait for rate windows, so its timeout is the run's.
 */
export function suiteTestOptions(timeoutMs: number) {
  return {
    root: packageRoot,
    dir: `${packageRoot}suites`,
    // .ts in a checkout, the compiled .js in the installed package (dist/suites).
    // Mutable: vitest's config types take a string[].
    include: ['**/*.test.{ts,js}'] as string[],
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
    // Test names are case titles ('$title'): whole, not cut at 40 characters.
    chaiConfig: { truncateThreshold: 0 },
  } as const;
}
