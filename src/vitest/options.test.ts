// How the conformance suites run under vitest: one worker, no isolation,
// the run's timeout for every case; and vitest itself, given these options,
// collects the suites and nothing else.
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { createVitest } from 'vitest/node';
import { packageRoot } from '../spec/paths.ts';
import { suiteTestOptions } from './options.ts';

describe('suiteTestOptions', () => {
  test("one worker shares the run's budgets: no isolation, no file parallelism; a case may take the run's timeout", () => {
    const options = suiteTestOptions(3_600_000);
    expect(options).toMatchObject({
      root: packageRoot,
      dir: `${packageRoot}suites`,
      pool: 'forks',
      maxWorkers: 1,
      isolate: false,
      fileParallelism: false,
      testTimeout: 3_600_000,
      hookTimeout: 3_600_000,
      passWithNoTests: true,
      cache: false,
    });
    expect(options.chaiConfig.truncateThreshold).toBe(0);
    expect(suiteTestOptions(5).testTimeout).toBe(5);
  });

  test('vitest, given them, collects the suites under suites/ and no self-test', async () => {
    const vitest = await createVitest('test', { ...suiteTestOptions(1000), config: false, watch: false });
    try {
      const files = (await vitest.globTestSpecifications()).map((s) => s.moduleId);
      expect(files).toEqual([fileURLToPath(new URL('../../suites/conformance.test.ts', import.meta.url))]);
      expect(vitest.config).toMatchObject({ testTimeout: 1000, maxWorkers: 1, isolate: false });
    } finally {
      await vitest.close();
    }
  });
});
