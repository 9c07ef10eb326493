// Where a run's outputs go: checked before the first request, so that a path
// that cannot be written is a usage error (exit 2) at once instead of a run
// that breaks at its end (exit 4); written at the end, and named. What still
// fails then (a full disk) is one line each, and exit 2 as well: the other
// outputs and the summary are written all the same.
import { closeSync, openSync, statSync, unlinkSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, type Config } from '../config/options.ts';
import { printError } from './error-line.ts';
import { EXIT } from './exit.ts';
import type { CertificationReport } from '../model/report.ts';
import { writeHarFile } from '../../reporters/har.ts';
import { FLEET_FILES, REPORT_FILES, writeFleetDir, writeFleetJUnitFile, writeJUnitFile, writeReportDir } from '../../reporters/write-reports.ts';
import type { FleetPanel, FleetReport } from '../model/fleet.ts';

type Outputs = Pick<Config, 'junit' | 'junitOmitDisabled' | 'report' | 'har'>;

/** Throws ConfigError (one line, naming the flag) for the first output that
 *  cannot be written, or that is another's file. Leaves nothing behind: a
 *  run refused later (an unreachable panel) leaves no empty folder. */
export function checkOutputs(config: Outputs): void {
  const files: OutputFile[] = [];
  if (config.junit) files.push(['--junit', config.junit]);
  if (config.har) files.push(['--har', config.har]);
  const reportFiles = config.report ? REPORT_FILES.map((name): OutputFile => ['--report', join(config.report!, name)]) : [];
  checkDistinct([...files, ...reportFiles]);
  for (const [flag, file] of files) checkFile(flag, file);
  if (config.report) checkReportDir(config.report, reportFiles);
}

type OutputFile = [flag: string, file: string];

function checkReportDir(dir: string, files: readonly OutputFile[]): void {
  const st = stat('--report', dir, dir);
  if (!st) return checkCreatable('--report', dir);
  if (!st.isDirectory()) refuse('--report', dir, 'is a file; give a folder');
  for (const [flag, file] of files) checkFile(flag, file);
}

/** What the end of a run wrote, and the one-line reason of each output it
 *  could not write. */
export interface Written {
  written: string[];
  failed: string[];
}

/** Writes every output the configuration names. */
export async function writeOutputs(report: CertificationReport, config: Outputs): Promise<Written> {
  const out: Written = { written: [], failed: [] };
  if (config.junit) {
    await attempt(out, '--junit', config.junit, `JUnit ${config.junit}${config.junitOmitDisabled ? ' (disabled cases left out)' : ''}`, () =>
      writeJUnitFile(config.junit!, report, { omitDisabled: config.junitOmitDisabled }),
    );
  }
  if (config.report)
    await attempt(out, '--report', config.report, `report ${config.report} (${REPORT_FILES.join(', ')})`, () => writeReportDir(config.report!, report));
  if (config.har) {
    const exchanges = report.cases.flatMap((c) => c.exchanges);
    await attempt(out, '--har', config.har, `HAR ${config.har} (${exchanges.length} exchanges)`, () =>
      writeHarFile(config.har!, exchanges, report.target.baseUrl, { version: report.suiteVersion, comment: `run ${report.runId}, seed ${report.seed}` }),
    );
  }
  return out;
}

/** The console's last lines: what was written, then what could not be. The
 *  run's exit code, or 2 when an output is missing (an interrupt stays 130). */
export function announceWritten({ written, failed }: Written, code: number): number {
  for (const line of written) console.log(`written: ${line}`);
  for (const line of failed) printError(line);
  return failed.length && code !== EXIT.interrupted ? EXIT.usage : code;
}

async function attempt(out: Written, flag: string, path: string, what: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
    out.written.push(what);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    out.failed.push(`${flag} ${path}: could not be written (${code ?? (err as Error).message})`);
  }
}

/** checkOutputs for a fleet: its JUnit file, and under --report the index
 *  files and a report folder per panel. */
export function checkFleetOutputs(config: Pick<Outputs, 'junit' | 'report'>, panels: readonly string[]): void {
  checkOutputs({ junit: config.junit, report: config.report });
  if (!config.report) return;
  for (const name of FLEET_FILES) checkFile('--report', join(config.report, name));
  for (const name of panels) checkOutputs({ report: join(config.report, name) });
}

/** writeOutputs for a fleet. */
export async function writeFleetOutputs(
  fleet: FleetReport,
  panels: readonly FleetPanel[],
  config: Pick<Outputs, 'junit' | 'junitOmitDisabled' | 'report'>,
): Promise<Written> {
  const out: Written = { written: [], failed: [] };
  if (config.junit) {
    await attempt(
      out,
      '--junit',
      config.junit,
      `JUnit ${config.junit} (${panels.length} panels${config.junitOmitDisabled ? ', disabled cases left out' : ''})`,
      () => writeFleetJUnitFile(config.junit!, panels, { omitDisabled: config.junitOmitDisabled }),
    );
  }
  if (config.report) {
    await attempt(
      out,
      '--report',
      config.report,
      `report ${config.report} (${FLEET_FILES.join(', ')}; each panel's ${REPORT_FILES.join(', ')} in ${join(config.report, '<name>')})`,
      () => writeFleetDir(config.report!, fleet, panels),
    );
  }
  return out;
}

/** Two outputs on one path would leave one of them claimed but not there. */
function checkDistinct(files: readonly OutputFile[]): void {
  const seen = new Map<string, string>();
  for (const [flag, file] of files) {
    const other = seen.get(resolve(file));
    if (other) refuse(flag, file, `is also where ${other} writes; give each output its own path`);
    seen.set(resolve(file), `${flag} ${file}`);
  }
}

function checkFile(flag: string, file: string): void {
  const st = stat(flag, file, file);
  if (!st) return checkCreatable(flag, file);
  if (st.isDirectory()) refuse(flag, file, 'is a folder; give a file');
  const why = probe(() => closeSync(openSync(file, 'r+')));
  if (why) refuse(flag, file, `cannot write it (${why})`);
}

/** A path that does not exist yet: its nearest existing ancestor must be a
 *  folder in which this process can create a file. Tried, not asked of
 *  access(2), which says yes to root where nothing can be created (/proc,
 *  /sys); the probe file is removed at once. */
function checkCreatable(flag: string, path: string): void {
  let ancestor = dirname(resolve(path));
  let st = stat(flag, path, ancestor);
  while (!st && dirname(ancestor) !== ancestor) {
    ancestor = dirname(ancestor);
    st = stat(flag, path, ancestor);
  }
  if (st && !st.isDirectory()) refuse(flag, path, `cannot create it: ${ancestor} is a file, not a folder`);
  const trial = join(ancestor, `.wispanel-probe-${process.pid}-${Date.now()}`);
  const why = probe(() => {
    closeSync(openSync(trial, 'wx'));
    unlinkSync(trial);
  });
  if (why) refuse(flag, path, `cannot create it in ${ancestor} (${why})`);
}

/** The error code of `action`, or undefined when it succeeded. */
function probe(action: () => void): string | undefined {
  try {
    action();
    return undefined;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? 'error';
  }
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

function refuse(flag: string, path: string, why: string): never {
  throw new ConfigError(`${flag} ${path}: ${why}`);
}
