import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** One test file per core the process may use (os.availableParallelism: the
 *  cores, or fewer under an affinity mask or a container's CPU quota). Many
 *  self-tests start CLI processes (each some CPU seconds of start-up) and
 *  reference servers: more files at once than cores only queues them behind
 *  each other, and a machine loaded past its cores makes the timing tests
 *  (rate windows, time-outs) measure the scheduler instead. */
const WORKERS = Math.max(1, availableParallelism());

// Self-tests of every layer. The conformance suites under suites/ are not run
// directly here: tests start them through the CLI against reference servers.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts', 'spec/**/*.test.ts', 'src/**/*.test.ts', 'reporters/**/*.test.ts', 'reference/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: WORKERS,
    // Run inside GitHub Actions, the CLI would add its annotations to what
    // the tests read and append to the job's own summary: off, here and in
    // every process the tests start (src/cli/github.test.ts sets its own).
    env: { GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '' },
  },
});
