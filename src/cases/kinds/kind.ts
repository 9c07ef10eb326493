import type { LoadedSpec, Operation } from '../../spec/load.ts';
import type { PlannedCase, PlanOptions } from '../../model/case.ts';
import type { RunContext } from '../../run/context.ts';
import type { CaseRecorder } from '../../run/recorder.ts';

/**
 * A kind of case in one module: what it plans from the spec, and how one of
 * its cases unfolds against a server. The registry (index.ts) derives the
 * kind list, the suites and the --include values from these.
 */
export interface CaseKindModule<Name extends string = string> {
  readonly name: Name;
  /** The suite its cases run in; kinds may share one. */
  readonly suite: string;
  /** One line, for --help and --list. */
  readonly summary: string;
  /** Its suite creates a reseller of the run's own for the cases that target one. */
  readonly fixture?: boolean;
  /** Cases beyond their key's first window may wait for the end of the run. */
  readonly deferrable?: boolean;
  /** Runs after every other suite (it spends a whole window). */
  readonly runsLast?: boolean;
  /** Each case stands alone (no step of it builds on another case), so
   *  --shard may run it in any shard; the others stay in shard 1. */
  readonly standsAlone?: boolean;
  plan(spec: LoadedSpec, opts: PlanOptions): PlannedCase[];
  execute(run: RunContext, rec: CaseRecorder, op: Operation, suite: string): Promise<void>;
  /** After its suite: drops the state its cases built up. */
  afterSuite?(run: RunContext): void;
}
