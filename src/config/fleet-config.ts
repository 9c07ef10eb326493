// The configuration of each panel of a fleet (--targets): the targets
// file's entry over its defaults, layered as the config file is (flags and
// environment win), except the panel and its keys, which only the entry
// gives. Checked whole before anything is sent.
import { PER_PANEL, readSources, resolveConfig, validateConfig } from './config.ts';
import { ConfigError, type Config } from './options.ts';
import { readTargetsFile } from './targets-file.ts';

export interface FleetTarget {
  name: string;
  config: Config;
}

/** `base` is the run's configuration (parseConfig) naming the targets
 *  file. Throws ConfigError, one line naming the file and the target. */
export function parseFleet(argv: string[], env: NodeJS.ProcessEnv, cwd: string, base: Config): FleetTarget[] {
  const file = base.targets!;
  const sources = readSources(argv, env, cwd);
  const { defaults, targets } = readTargetsFile(file, env, cwd);
  return targets.map(({ name, options }) => {
    try {
      return { name, config: validateConfig(resolveConfig(sources, { ...defaults, ...options }, PER_PANEL)) };
    } catch (err) {
      throw err instanceof ConfigError ? new ConfigError(`${file}: target ${name}: ${err.message}`) : err;
    }
  });
}
