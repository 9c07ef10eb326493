// GitHub Actions' outputs (reporters/github.ts), on with --format github or,
// without --format, inside GitHub Actions (GITHUB_ACTIONS=true): the workflow
// commands on stdout, where the runner reads them, and the job summary
// appended to the file $GITHUB_STEP_SUMMARY names (absent outside a runner:
// then only the commands).
import { appendFile } from 'node:fs/promises';
import type { Config } from '../config/options.ts';
import type { Written } from './outputs.ts';

/** Whether a run writes GitHub's outputs. */
export function githubOutputs(format: Config['format'], env: NodeJS.ProcessEnv): boolean {
  return format === undefined ? env.GITHUB_ACTIONS === 'true' : format === 'github';
}

/** Prints the commands and appends the summary; a summary that cannot be
 *  written is a failed output, as any other (exit 2). */
export async function emitGithub(commands: readonly string[], summary: string, env: NodeJS.ProcessEnv, out: Written): Promise<void> {
  for (const command of commands) console.log(command);
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  try {
    await appendFile(file, summary);
    out.written.push(`job summary ${file}`);
  } catch (err) {
    out.failed.push(`$GITHUB_STEP_SUMMARY ${file}: could not be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
