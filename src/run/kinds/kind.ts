import type { CaseKind } from '../../model/kinds.ts';
import type { Operation } from '../../spec/load.ts';
import type { RunContext } from '../context.ts';
import type { CaseRecorder } from '../recorder.ts';

/** How one case of a kind unfolds against a server (its plan is
 *  src/cases/kinds/, the module of the same name). */
export interface KindExecutor<Name extends CaseKind = CaseKind> {
  readonly name: Name;
  execute(run: RunContext, rec: CaseRecorder, op: Operation, suite: string): Promise<void>;
  /** After its suite: drops the state its cases built up. */
  afterSuite?(run: RunContext): void;
}
