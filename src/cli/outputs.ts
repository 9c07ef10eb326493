// Where a run's outputs go: checked before the first request, so that a path
// that cannot be written is a usage error (exit 2) at once instead of a run
// that breaks at its end (exit 4); written at the end, and named.
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, type Config } from '../config.ts';
import type { RunResult } from '../model.ts';
import { writeHarFile } from '../../reporters/har.ts';
import { FLEET_FILES, REPORT_FILES, writeFleetDir, writeFleetJUnitFile, writeJUnitFile, writeReportDir } from '../../reporters/write-reports.ts';
import type { FleetPanel, FleetReport } from '../../reporters/fleet-json.ts';

type Outputs = Pick<Config, 'junit' | 'junitOmitDisabled' | 'report' | 'har'>;

/** Throws ConfigError (one line, naming the flag) for the first output that
 *  cannot be written. Creates nothing: a run refused later (an unreachable
 *  panel) leaves no empty folder behind. */
export function checkOutputs(config: Outputs): void {
  if (config.junit) checkFile('--junit', config.junit);
  if (config.har) checkFile('--har', config.har);
  if (config.report) {
    const dir = config.report;
    const st = stat('--report', dir, dir);
    if (!st) return checkCreatable('--report', dir);
    if (!st.isDirectory()) refuse('--report', dir, 'is a file; give a folder');
    for (const name of REPORT_FILES) checkFile('--report', join(dir, name));
  }
}

/** Writes every output the configuration names; returns what was written,
 *  for the last lines of the console. */
export async function writeOutputs(run: RunResult, config: Outputs): Promise<string[]> {
  const written: string[] = [];
  if (config.junit) {
    await writeJUnitFile(config.junit, run, { omitDisabled: config.junitOmitDisabled });
    written.push(`JUnit ${config.junit}${config.junitOmitDisabled ? ' (disabled cases left out)' : ''}`);
  }
  if (config.report) {
    await writeReportDir(config.report, run);
    written.push(`report ${config.report} (${REPORT_FILES.join(', ')})`);
  }
  if (config.har) {
    const { summary } = run;
    const exchanges = run.cases.flatMap((c) => c.exchanges);
    await writeHarFile(config.har, exchanges, summary.baseUrl, { version: summary.suiteVersion, comment: `run ${summary.runId}, seed ${summary.seed}` });
    written.push(`HAR ${config.har} (${exchanges.length} exchanges)`);
  }
  return written;
}

/** checkOutputs for a fleet: its JUnit file, and under --report the index
 *  files and a report folder per panel. */
export function checkFleetOutputs(config: Pick<Outputs, 'junit' | 'report'>, panels: readonly string[]): void {
  checkOutputs({ junit: config.junit, report: config.report });
  if (!config.report) return;
  for (const name of FLEET_FILES) checkFile('--report', join(config.report, name));
  for (const name of panels) checkOutputs({ report: join(config.report, name) });
}

/** writeOutputs for a fleet; returns what was written. */
export async function writeFleetOutputs(fleet: FleetReport, panels: readonly FleetPanel[], config: Pick<Outputs, 'junit' | 'junitOmitDisabled' | 'report'>): Promise<string[]> {
  const written: string[] = [];
  if (config.junit) {
    await writeFleetJUnitFile(config.junit, panels, { omitDisabled: config.junitOmitDisabled });
    written.push(`JUnit ${config.junit} (${panels.length} panels${config.junitOmitDisabled ? ', disabled cases left out' : ''})`);
  }
  if (config.report) {
    await writeFleetDir(config.report, fleet, panels);
    written.push(`report ${config.report} (${FLEET_FILES.join(', ')}; each panel's ${REPORT_FILES.join(', ')} in ${join(config.report, '<name>')})`);
  }
  return written;
}

function checkFile(flag: string, file: string): void {
  const st = stat(flag, file, file);
  if (!st) return checkCreatable(flag, file);
  if (st.isDirectory()) refuse(flag, file, 'is a folder; give a file');
  if (!writable(file, constants.W_OK)) refuse(flag, file, 'no permission to write it');
}

/** A path that does not exist yet: its nearest existing ancestor must be a
 *  folder this process may create entries in. */
function checkCreatable(flag: string, path: string): void {
  let ancestor = dirname(resolve(path));
  let st = stat(flag, path, ancestor);
  while (!st && dirname(ancestor) !== ancestor) {
    ancestor = dirname(ancestor);
    st = stat(flag, path, ancestor);
  }
  if (st && !st.isDirectory()) refuse(flag, path, `cannot create it: ${ancestor} is a file, not a folder`);
  if (!writable(ancestor, constants.W_OK | constants.X_OK)) refuse(flag, path, `no permission to create it in ${ancestor}`);
}

/** undefined when nothing is there (also when a file stands where a folder
 *  of the path should be: the walk up finds it). */
function stat(flag: string, asked: string, path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return refuse(flag, asked, `cannot look at ${path} (${code})`);
  }
}

/** access(2): also says no on a read-only file system, even to root. */
function writable(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

function refuse(flag: string, path: string, why: string): never {
  throw new ConfigError(`${flag} ${path}: ${why}`);
}
