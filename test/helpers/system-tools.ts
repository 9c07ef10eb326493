// System programs a test needs beyond Node. `npm test` passes with Node
// alone: without the program the test is skipped, naming the Debian package
// to install. CI (CI=true) installs them all (.ci/run), so there a missing
// program fails the test instead of hiding it as a skip.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

function onPath(program: string): boolean {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => {
      try {
        accessSync(join(dir, program), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

/** Skips the test (fails it under CI=true) unless `program` is on the PATH;
 *  `context` is the test's (vitest's skip ends the test). */
export function requireProgram(context: { skip(note: string): void }, program: string, debianPackage: string): void {
  if (onPath(program)) return;
  const reason = `${program} not found on the PATH: install the Debian package ${debianPackage}`;
  if (process.env.CI === 'true') throw new Error(`${reason} (CI=true: a missing program fails, since .ci/run installs it)`);
  context.skip(reason);
}
