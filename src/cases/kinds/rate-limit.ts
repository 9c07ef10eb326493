// The server's rate limiting, actively: the admin key beyond its limit, then
// after the reset. Last, since it spends a window. "Per API token" has a
// who: the role suite pushes the reseller key the same way, early, so that
// its wait overlaps the admin key's windows.
import type { LoadedSpec } from '../../spec/load.ts';
import type { PlannedCase } from '../../model/case.ts';
import { documentedCode, makeCase } from '../make.ts';
import type { CaseKindPlan } from './kind.ts';

export const rateLimit: CaseKindPlan<'rate-limit'> = {
  name: 'rate-limit',
  suite: 'rate-limit',
  summary: 'the admin key beyond its limit (429 RATE_LIMITED), then service after the reset',
  runsLast: true,
  plan: (spec) => [exceedCase(spec, 'rate-limit', 'admin')],
};

/** The case that pushes one key beyond its limit, for the kind that holds it. */
export function exceedCase(spec: LoadedSpec, kind: 'rate-limit' | 'role', credential: 'admin' | 'reseller'): PlannedCase {
  return makeCase(spec.identity, kind, 'exceed', `${credential} key beyond its limit, then after the reset`, {
    credential,
    target: 'none',
    variant: { type: 'exceed-limit' },
    expect: { status: 429, code: documentedCode(spec.errorCodes, 429), requirement: 'RL-429' },
    profile: 'certify',
    extraRequirements: ['RL-RECOVERY'],
    cost: spec.rateLimit.limit + 3, // a probe, the burst (the limit and one; more if the window turns meanwhile), the recovery
  });
}
