// vitest's global set-up for plain vitest (the package's vitest.config.ts):
// the steps of the one path (src/run/conform.ts) around vitest's own run of
// the cases. The run is configured from the environment and the config file
// exactly as the CLI's (flags are vitest's own); the panel is opened and
// checked (the preflight) and the run handed to the suites (provide); the
// final clean-up runs at the end. Reports are vitest's (--reporter=junit):
// the CLI's own need the CLI.
import type { TestProject } from 'vitest/node';
import { parseConfig } from '../config/config.ts';
import { ConfigError, OPTIONS, type Config } from '../config/options.ts';
import { checkPanels, closePanels, finalCleanup, openPanels } from '../run/conform.ts';
import { checkPlanSelection } from '../run/open.ts';
import { FLAG_HINTS } from '../run/preflight.ts';
import { runLine } from '../cli/run-line.ts';
import { printError } from '../cli/error-line.ts';
import { EXIT } from '../cli/exit.ts';

/** The CLI's own outputs; vitest has reporters instead. */
const CLI_ONLY = ['junit', 'junitOmitDisabled', 'report', 'har', 'baseline', 'expectFailures'] as const satisfies readonly (keyof Config)[];

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const config = configure();
  const panels = await openPanels([{ config }]).catch((err: Error) => quit(EXIT.usage, err.message));
  const panel = panels[0];
  const { refused } = (await checkPanels(panels, { hints: () => FLAG_HINTS }, true))[0];
  if (refused) {
    await closePanels(panels);
    quit(refused.exitCode, refused.message);
  }
  console.log(runLine(panel));
  project.provide('wispanel', panel.input);
  return async () => {
    const kept = await finalCleanup(panel);
    if (kept.length) console.error(`clean-up: could not delete ${kept.join(', ')}; remove them with wispanel-conformance --cleanup-only ${panel.input.runId}`);
    await closePanels(panels);
  };
}

function configure(): Config {
  try {
    const config = parseConfig([], process.env);
    const cliOnly = CLI_ONLY.filter((key) => config[key] !== undefined);
    if (cliOnly.length > 0) {
      const names = cliOnly.map((key) => `${OPTIONS[key].flag} (${OPTIONS[key].env})`).join(', ');
      throw new ConfigError(
        `${names}: the wispanel-conformance CLI's outputs; under plain vitest, use vitest's reporters (e.g. --reporter=junit --outputFile=junit.xml)`,
      );
    }
    const cliModes = (['targets', 'shard'] as const).filter((key) => config[key] !== undefined);
    if (cliModes.length > 0) {
      const names = cliModes.map((key) => `${OPTIONS[key].flag} (${OPTIONS[key].env})`).join(', ');
      throw new ConfigError(
        `${names}: fleets and shards are the wispanel-conformance CLI's; under plain vitest, run one panel (vitest's own --shard splits its tests)`,
      );
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
