import type { PlannedCase, PlanOptions } from '../../model/case.ts';
import type { CaseKind } from '../../model/kinds.ts';
import type { LoadedSpec } from '../../spec/load.ts';

/**
 * What a kind of case plans from the spec, and how its cases are run: in
 * which suite, and when. Planning is pure data (--list and the estimate
 * need nothing else); how a case of the kind unfolds against a server is
 * the engine's (src/run/kinds/, one module of the same name). The registry
 * (index.ts) derives the suites and their order from these.
 */
export interface CaseKindPlan<Name extends CaseKind = CaseKind> {
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
}
