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
    // Run inside GitHub Actions, the CLI would add its annotations to what
    // the tests read and append to the job's own summary: off, here and in
    // every process the tests start (src/cli/github.test.ts sets its own).
    env: { GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '' },
  },
});
