// Every per-reseller operation on a reseller that does not exist. The reads
// are asked of the lifecycle's reseller once it is deleted (its delete case:
// the record and each part must answer 404 there), so here only the writes
// run, and the reads where no reseller is deleted (--read-only). A write
// whose body is our guess may be refused for its body before the name is
// looked up, so it runs in certify only.
import type { CaseKindPlan } from './kind.ts';
import { documentedCode, makeCase } from '../make.ts';

export const notFound: CaseKindPlan<'not-found'> = {
  name: 'not-found',
  suite: 'not-found',
  summary: 'every per-reseller operation on a reseller that does not exist',
  standsAlone: true,
  plan: (spec, opts) =>
    spec.operations
      .filter((op) => op.hints.target === 'reseller' && op.hints.notFound !== false && (op.method !== 'GET' || opts.readOnly))
      .map((op) =>
        makeCase(op, 'not-found', 'missing', 'a reseller that does not exist', {
          credential: 'admin',
          target: 'missing',
          variant: { type: 'positive' },
          expect: { status: 404, code: documentedCode(spec.errorCodes, 404), requirement: 'RES-NOT-FOUND-404' },
          profile: op.method === 'GET' || op.hints.body !== 'undocumented' ? 'default' : 'certify',
        }),
      ),
};
