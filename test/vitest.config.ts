import { defineConfig } from 'vitest/config';

// Self-tests of every layer. The conformance suites under suites/ are not run
// directly here: tests start them through the CLI against reference servers.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts', 'spec/**/*.test.ts', 'src/**/*.test.ts', 'reporters/**/*.test.ts', 'reference/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Most self-tests wait on rate windows and child processes, not the CPU:
    // run several files at once (vitest's default is one per core minus one).
    maxWorkers: 4,
  },
});
