// What the run's refused writes left: after every other suite, the list,
// where no reseller a create was refused (400, 401, 403, ...) may show; and
// in certify the validation fixture's parts, where nothing its refused
// writes named may show. Run last, so that it follows every refusal
// whatever the concurrency, and so that its reads go in the window after
// the rate-limit test (beside the recovery it waits for anyway), not in
// the window certify's other admin requests fill. One request of the admin
// key for the list, one per part.
import { makeCase } from '../make.ts';
import type { CaseKindPlan } from './kind.ts';
import { fixtureParts } from './validation.ts';

export const refusals: CaseKindPlan<'refusals'> = {
  name: 'refusals',
  suite: 'refusals',
  summary:
    "after every other suite, the list: no create the run saw refused stored its reseller; in certify, the validation fixture's parts: no refused write stored what it named",
  runsLast: true,
  plan: (spec) => {
    const list = spec.record.list;
    const parts = fixtureParts(spec);
    return [
      makeCase(list, 'refusals', 'none-stored', 'after the refused creates, none listed', {
        credential: 'admin',
        target: 'none',
        variant: { type: 'positive' },
        expect: { status: list.successStatus, requirement: list.hints.requirement },
        profile: 'default',
        extraRequirements: ['SAFE-REFUSED-NOT-APPLIED'],
      }),
      ...(parts.length
        ? [
            makeCase(parts[0], 'refusals', 'fixture-parts', "after the validation fixture's refused writes, nothing they named shows", {
              credential: 'admin',
              // The validation suite's fixture, which outlives its suite for these reads.
              target: 'none',
              variant: { type: 'fixture-parts' },
              expect: { status: '2xx', requirement: 'RES-SUBRESOURCE-2XX' },
              profile: 'certify',
              cost: parts.length,
              extraRequirements: ['SAFE-REFUSED-NOT-APPLIED'],
            }),
          ]
        : []),
    ];
  },
};
