// What the run's refused creates left: after every other suite, the list,
// where no reseller a create was refused (400, 401, 403, ...) may show. Run
// last, so that it follows every refusal whatever the concurrency; one
// request of the admin key.
import { makeCase } from '../make.ts';
import type { CaseKindPlan } from './kind.ts';

export const refusals: CaseKindPlan<'refusals'> = {
  name: 'refusals',
  suite: 'refusals',
  summary: 'after every other suite, the list: no create the run saw refused stored its reseller',
  runsLast: true,
  plan: (spec) => {
    const list = spec.record.list;
    return [
      makeCase(list, 'refusals', 'none-stored', 'after the refused creates, none listed', {
        credential: 'admin',
        target: 'none',
        variant: { type: 'positive' },
        expect: { status: list.successStatus, requirement: list.hints.requirement },
        profile: 'default',
        extraRequirements: ['SAFE-REFUSED-NOT-APPLIED'],
      }),
    ];
  },
};
