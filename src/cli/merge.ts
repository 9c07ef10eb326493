// `wispanel-conformance merge [--junit FILE] [--report DIR] FILE...`: the
// shards' report.json files (one panel) or fleet.json files (a fleet) as
// one JUnit file and one report, the verdict judged again from the joined
// cases, the console summary and GitHub's outputs as a run writes them; the
// exit code is the one a single run would have ended with.
import { printError } from './error-line.ts';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError, convertOption, OPTIONS, type Config } from '../config/options.ts';
import { buildReport } from '../model/build-report.ts';
import type { CertificationReport } from '../model/report.ts';
import { mergeShardFleets, mergeShardRuns, type ShardFleet } from '../merge/shards.ts';
import { readReportFile } from '../model/report-file.ts';
import { renderConsoleSummary } from '../../reporters/console.ts';
import { annotationCommands, fleetAnnotations, fleetJobSummary, jobSummary, requirementAnnotations } from '../../reporters/github.ts';
import { buildFleet, type FleetPanel, type FleetReport } from '../model/fleet.ts';
import { fleetLine, panelLine } from '../../reporters/fleet-text.ts';
import { announceWritten, checkFleetOutputs, checkOutputs, writeFleetOutputs, writeOutputs } from './outputs.ts';
import { decideExit, EXIT, fleetExit } from './exit.ts';
import { emitGithub, githubOutputs } from './github.ts';
import { MERGE_USAGE } from './usage.ts';

interface MergeArgs {
  junit?: string;
  report?: string;
  junitOmitDisabled?: boolean;
  format?: Config['format'];
  verbose?: boolean;
  files: string[];
}

const USAGE = `usage: ${MERGE_USAGE}`;

export async function mergeCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const args = parseArgs(argv);
    const read = await Promise.all(args.files.map(async (file) => ({ file, value: await readJson(file) })));
    const fleets = read.filter((r) => isFleet(r.value));
    if (fleets.length > 0 && fleets.length < read.length) {
      const report = read.find((r) => !isFleet(r.value))!;
      throw new ConfigError(`merge: ${fleets[0].file} is a fleet.json, ${report.file} a report.json: merge the shards of one panel or of one fleet`);
    }
    return fleets.length > 0 ? await mergeFleets(args, env, fleets as { file: string; value: FleetReport }[]) : await mergeRuns(args, env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    printError(err.message);
    return EXIT.usage;
  }
}

async function mergeRuns(args: MergeArgs, env: NodeJS.ProcessEnv): Promise<number> {
  checkOutputs(args);
  const shards = await Promise.all(args.files.map(async (file) => ({ file, report: await readShard(file) })));
  const record = mergeShardRuns(shards);
  const report = buildReport(record);
  const written = await writeOutputs(report, args);
  console.log(renderConsoleSummary(report, { color: Boolean(process.stdout.isTTY), verbose: args.verbose }));
  console.log(`merged ${shards.length} shards (runs ${report.runId})`);
  if (githubOutputs(args.format, env))
    await emitGithub(annotationCommands(requirementAnnotations(report)), jobSummary(report, { written: written.written }), env, written);
  const code = decideExit(report, 'completed', undefined);
  // A shard stopped early leaves cases unjudged: the joined run is partial.
  return announceWritten(written, code === EXIT.ok && record.incomplete ? EXIT.suite : code);
}

async function mergeFleets(args: MergeArgs, env: NodeJS.ProcessEnv, read: { file: string; value: FleetReport }[]): Promise<number> {
  const shards: ShardFleet[] = await Promise.all(
    read.map(async ({ file, value: fleet }) => ({
      file,
      fleet,
      panels: await Promise.all(
        fleet.panels.map(async (row): Promise<FleetPanel> => ({
          name: row.name,
          report: buildReport(await readShard(resolve(dirname(file), row.report))),
          code: row.exitCode,
          ...(row.reason === null ? {} : { notRun: { reason: row.reason, verdict: row.verdict === 'NOT RUN' ? 'NOT RUN' : 'UNREACHABLE' } }),
        })),
      ),
    })),
  );
  const panels = mergeShardFleets(shards);
  checkFleetOutputs(
    args,
    panels.map((p) => p.name),
  );
  const started = Math.min(...read.map((r) => Date.parse(r.value.date)));
  const fleet = buildFleet(panels, { startedAt: new Date(started), durationMs: Math.max(...read.map((r) => r.value.durationMs)) });
  const written = await writeFleetOutputs(fleet, panels, args);
  for (const row of fleet.panels) console.log(panelLine(row));
  console.log(`${fleetLine(fleet)}; merged ${read.length} shards`);
  if (githubOutputs(args.format, env))
    await emitGithub(annotationCommands(fleetAnnotations(panels)), fleetJobSummary(fleet, panels, { written: written.written }), env, written);
  return announceWritten(written, fleetExit(panels.map((p) => p.code)));
}

function parseArgs(argv: string[]): MergeArgs {
  const args: MergeArgs = { files: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (!m) {
      args.files.push(arg);
      continue;
    }
    const [, flag, inline] = m;
    if (flag === 'junit-omit-disabled' && inline === undefined) args.junitOmitDisabled = true;
    else if (flag === 'verbose' && inline === undefined) args.verbose = true;
    else if (flag === 'junit' || flag === 'report' || flag === 'format') {
      const value = inline ?? argv[++i];
      const placeholder = { junit: 'FILE', report: 'DIR', format: OPTIONS.format.placeholder }[flag];
      if (value === undefined || value.startsWith('--')) throw new ConfigError(`merge: --${flag} needs a value: ${placeholder}`);
      if (flag === 'format') args.format = convertOption(OPTIONS.format, value, 'merge: --format') as MergeArgs['format'];
      else args[flag] = value;
    } else throw new ConfigError(`merge: unknown flag --${flag} (${USAGE})`);
  }
  if (args.files.length === 0) throw new ConfigError(`merge: name the shards' report.json or fleet.json files (${USAGE})`);
  if (!args.junit && !args.report) throw new ConfigError('merge: give --junit FILE, --report DIR or both: where the joined results go');
  return args;
}

/** A shard's report.json; one line when it is not one. */
async function readShard(file: string): Promise<CertificationReport> {
  try {
    return await readReportFile(file, 'shard');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(code ? `merge: cannot read ${file} (${code})` : `merge: ${(err as Error).message}`);
  }
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`merge: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`merge: ${file} is not JSON: ${(err as Error).message.split('\n')[0]}`);
  }
}

function isFleet(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'fleetVersion' in value;
}
