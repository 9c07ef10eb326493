// Kinds whose case is one request judged by its expected answer (auth,
// validation, not-found): the request goes out as the plan says (a create
// in the ledger first), and its answer is judged unless it cannot say
// anything about the case.
import type { CaseKind } from '../../model/kinds.ts';
import { sendAndJudge } from '../steps.ts';
import type { KindExecutor } from './kind.ts';

export const singleRequest = <Name extends CaseKind>(name: Name): KindExecutor<Name> => ({
  name,
  execute: (run, rec, op, suite) => sendAndJudge(run, rec, op, suite),
});
