// vitest's global set-up for plain vitest (the package's vitest.config.ts):
// what the CLI does around the suites, minus its reporters. The run is
// configured from the environment and the config file exactly as the CLI's
// (flags are vitest's own); the panel is checked (preflight) and the run
// handed to the suites (provide); the ledger's clean-up runs at the end.
// Reports are vitest's (--reporter=junit): the CLI's own need the CLI.
import { printError } from './error-line.ts';
import type { TestProject } from 'vitest/node';
import { ConfigError, parseConfig, type Config } from '../config.ts';
import { OPTIONS } from '../options.ts';
import { cleanupLedger } from '../run/cleanup.ts';
import { FLAG_HINTS, preflight, TargetError } from '../run/preflight.ts';
import { EXIT } from './exit.ts';
import { checkPlanSelection, closeRun, openRun, runLine } from './run-setup.ts';

/** Written by the CLI from its collector; vitest has reporters instead. */
const CLI_ONLY = ['junit', 'junitOmitDisabled', 'report', 'har', 'baseline', 'expectFailures'] as const satisfies readonly (keyof Config)[];

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const config = configure();
  const run = await openRun(config).catch((err: Error) => quit(EXIT.usage, err.message));
  try {
    Object.assign(run.input, await preflight(run.services, FLAG_HINTS, { withResellerKey: true }));
  } catch (err) {
    await closeRun(run);
    if (err instanceof TargetError) quit(err.exitCode, err.message);
    throw err;
  }
  const { input } = run;
  console.log(runLine(run));
  project.provide('wispanel', { runs: [input] });
  return async () => {
    // Safety net: whatever the suites could not delete.
    const { services } = run;
    const leftovers = await cleanupLedger(services.client, services.spec, services.ledger, services.prefix);
    const kept = [...leftovers.failed, ...leftovers.refused];
    if (kept.length) console.error(`clean-up: could not delete ${kept.join(', ')}; remove them with wispanel-conformance --cleanup-only ${input.runId}`);
    await closeRun(run);
  };
}

function configure(): Config {
  try {
    const config = parseConfig([], process.env);
    const cliOnly = CLI_ONLY.filter((key) => config[key] !== undefined);
    if (cliOnly.length > 0) {
      const names = cliOnly.map((key) => `${OPTIONS[key].flag} (${OPTIONS[key].env})`).join(', ');
      throw new ConfigError(`${names}: the wispanel-conformance CLI's outputs; under plain vitest, use vitest's reporters (e.g. --reporter=junit --outputFile=junit.xml)`);
    }
    const cliModes = (['targets', 'shard'] as const).filter((key) => config[key] !== undefined);
    if (cliModes.length > 0) {
      const names = cliModes.map((key) => `${OPTIONS[key].flag} (${OPTIONS[key].env})`).join(', ');
      throw new ConfigError(`${names}: fleets and shards are the wispanel-conformance CLI's; under plain vitest, run one panel (vitest's own --shard splits its tests)`);
    }
    checkPlanSelection(config);
    return config;
  } catch (err) {
    if (err instanceof ConfigError) quit(EXIT.usage, err.message);
    throw err;
  }
}

/** One line and the CLI's exit code, as the CLI does: a thrown error would
 *  end in vitest's stack trace. */
function quit(code: number, message: string): never {
  printError(message);
  process.exit(code);
}
