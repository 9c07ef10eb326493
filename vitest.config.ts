// The conformance suites under plain vitest, for those who drive vitest
// themselves (its reporters, --shard, a wrapper of their own). From a project
// that installed the package (this file compiled to dist/):
//
//   WISPANEL_BASE_URL=https://panel.example.com:2083/api/v1 WISPANEL_TOKEN=wsp_... \
//     npx vitest run --config node_modules/wispanel-conformance/dist/vitest.config.js
//
// and in a checkout, `npx vitest run` (this file). The run is configured as
// the CLI's is, from the environment and wispanel.config.yaml
// (src/vitest/setup.ts). The suite's own tests are test/vitest.config.ts
// (npm test).
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { suiteTestOptions } from './src/vitest/options.ts';

/** The CLI's default --run-timeout: a case may wait for rate windows.
 *  vitest's own --testTimeout overrides it. */
const CASE_TIMEOUT_MS = 3600 * 1000;

/** The set-up is a source beside this file in a checkout (.ts), compiled
 *  beside it in dist/ (.js): the same extension as this file's. */
const setupFile = `./src/vitest/setup${extname(fileURLToPath(import.meta.url))}`;

export default defineConfig({
  test: {
    ...suiteTestOptions(CASE_TIMEOUT_MS),
    globalSetup: [fileURLToPath(new URL(setupFile, import.meta.url))],
  },
});
