// The command line: the configuration, and the answers that need nothing
// else (--help, --version, a usage error) at once; everything a run needs is
// loaded only then (command.ts; merge.ts for `merge`).
import { ConfigError, type Config } from '../config/options.ts';
import { helpText, parseConfig } from '../config/config.ts';
import { EXIT, EXIT_MEANINGS } from './exit.ts';
import { suiteVersion } from '../run/version.ts';
import { printError } from './error-line.ts';
import { USAGES } from './usage.ts';

export async function main(argv: string[], env = process.env): Promise<number> {
  if (argv[0] === 'merge') return (await import('./merge.ts')).mergeCommand(argv.slice(1), env);
  let config: Config;
  try {
    config = parseConfig(argv, env);
  } catch (err) {
    if (err instanceof ConfigError) {
      printError(err.message);
      return EXIT.usage;
    }
    throw err;
  }
  if (config.help || config.version) {
    console.log(config.help ? helpText(USAGES, EXIT_MEANINGS) : suiteVersion());
    return EXIT.ok;
  }
  const { runCommand } = await import('./command.ts');
  return runCommand(config, argv, env);
}
