// What every kind of bench row has, for the scheduler (bench/schedule.ts)
// and the tables: how it starts, what each run reports at the least, and a
// CLI process timed from spawn to exit with its process tree sampled. The
// kinds: one CLI on one panel (cli-row.ts), one CLI on a fleet of panels
// (fleet-row.ts), several CLIs on one key (shared-budget-row.ts).
import { readFileSync } from 'node:fs';
import type { CliOptions, CliResult, CliRun } from '../test/helpers/cli.ts';
import { startCliUnderTest } from './cli-under-test.ts';
import type { ProcessTreeSampler, TrackedTree, TreeFigures } from './proc-tree.ts';

export interface BenchContext {
  limit: number;
  windowMs: number;
  seed: number;
  /** undefined where /proc cannot be read: no memory figures. */
  sampler?: ProcessTreeSampler;
}

/** What any run of any row reports. */
export interface Measured extends TreeFigures {
  /** The CLI's exit code; with several CLIs, the first that was not 0 (else 0). */
  exit: number | null;
  /** From spawning the (first) CLI to the (last) exit. */
  wallMs: number;
  startedAt: string;
  /** Other rows running when this one started (0: it had the machine's bench share alone). */
  startedBeside: number;
  /** Set when the run did not exit 0: the tail of what it printed. */
  output?: string;
}

export interface RowRun<M extends Measured> {
  /** Resolves when another row may start beside this one (its start-up is
   *  over, or it ended). */
  settled: Promise<void>;
  done: Promise<M>;
}

export interface Row<M extends Measured = Measured, S extends object = object> {
  label: string;
  /** Identity: two sections asking for the same row share its runs. */
  key: string;
  /** What the results JSON records of it. */
  spec: S;
  /** What the table shows of the row beside the measures. */
  cells: Record<string, string>;
  /** Bounded by waiting for the rate window, so it may run beside other such
   *  rows (each its own server and key); otherwise it runs alone. */
  beside: boolean;
  /** Among rows run beside each other, the largest (element by element)
   *  starts first: the longest, so the group ends soonest. */
  order: readonly number[];
  start(ctx: BenchContext, startedBeside: number): RowRun<M>;
  /** The figures of its progress line, e.g. "exit 0, wall 3.1 s, ...". */
  summary(m: M): string;
}

/** A row run alone: nothing starts beside it before it ends. */
export function alone<M extends Measured>(done: Promise<M>): RowRun<M> {
  return {
    settled: done.then(
      () => undefined,
      () => undefined,
    ),
    done,
  };
}

/** The flags of every bench run: the bench's limit and seed, the profile,
 *  and a report, as a user asks for one. */
export function benchArgs(ctx: BenchContext, opts: { profile: string; reportDir: string }): string[] {
  return [
    '--rate',
    String(ctx.limit),
    '--rate-window-ms',
    String(ctx.windowMs),
    '--seed',
    String(ctx.seed),
    '--report',
    opts.reportDir,
    '--profile',
    opts.profile,
  ];
}

export interface TimedCli {
  cli: CliRun;
  startedAt: Date;
  /** The CLI's process tree, when a sampler was given. */
  tree: TrackedTree | undefined;
  /** At the exit: what it printed and its wall time (spawn to exit). The
   *  tree is sampled once more and no longer tracked. */
  done: Promise<{ result: CliResult; wallMs: number }>;
}

export function startTimedCli(args: string[], opts: CliOptions, sampler: ProcessTreeSampler | undefined): TimedCli {
  const startedAt = new Date();
  const started = performance.now();
  const cli = startCliUnderTest(args, opts);
  const tree = sampler?.track(cli.child.pid!);
  const done = cli.done.then((result) => {
    const wallMs = Math.round(performance.now() - started);
    tree?.stop();
    return { result, wallMs };
  });
  return { cli, startedAt, tree, done };
}

/** A JSON file the run wrote (report.json, fleet.json); undefined when it
 *  wrote none (it broke early): the server's figures then stand alone. */
export function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** The tail of what a failed run printed, for the results and the log. */
export const failureOutput = (result: CliResult): string | undefined => (result.code === 0 ? undefined : `${result.stdout}${result.stderr}`.slice(-3000));
