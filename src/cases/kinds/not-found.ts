// Every per-reseller operation on a reseller that does not exist.
import type { CaseKindPlan } from './kind.ts';
import { documentedCode, makeCase } from '../make.ts';

export const notFound: CaseKindPlan<'not-found'> = {
  name: 'not-found',
  suite: 'not-found',
  summary: 'every per-reseller operation on a reseller that does not exist',
  standsAlone: true,
  plan: (spec) =>
    spec.operations
      .filter((op) => op.hints.target === 'reseller' && op.hints.notFound !== false)
      .map((op) =>
        makeCase(op, 'not-found', 'missing', 'a reseller that does not exist', {
          credential: 'admin', target: 'missing', variant: { type: 'positive' }, expect: { status: 404, code: documentedCode(spec.errorCodes, 404), requirement: 'RES-NOT-FOUND-404' }, profile: 'default',
        }),
      ),
};
