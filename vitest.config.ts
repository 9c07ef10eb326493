// The conformance suites under plain vitest, for those who drive vitest
// themselves (its reporters, --shard, a wrapper of their own):
//
//   WISPANEL_BASE_URL=https://panel.example.com:2083/api/v1 WISPANEL_TOKEN=wsp_... \
//     npx vitest run --config node_modules/wispanel-conformance/vitest.config.ts
//
// The run is configured as the CLI's is, from the environment and
// wispanel.config.yaml (src/cli/vitest-setup.ts). The suite's own tests are
// test/vitest.config.ts (npm test).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { suiteTestOptions } from './src/cli/suite-options.ts';

/** The CLI's default --run-timeout: a case may wait for rate windows.
 *  vitest's own --testTimeout overrides it. */
const CASE_TIMEOUT_MS = 3600 * 1000;

export default defineConfig({
  test: {
    ...suiteTestOptions(CASE_TIMEOUT_MS),
    globalSetup: [fileURLToPath(new URL('./src/cli/vitest-setup.ts', import.meta.url))],
  },
});
