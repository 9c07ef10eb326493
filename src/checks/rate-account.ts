// RL-REMAINING-COUNTS, RL-429-REMAINING-ZERO, RL-NO-SERVICE-AFTER-ZERO,
// RL-RESET-HONOURED: what
// the run's own count of a key's requests proves about its headers. Judged
// where the client kept the account (certify, whose keys are the run's own:
// src/http/rate-account.ts holds the proofs); elsewhere another client may
// spend the key, so nothing is judged.
import type { Exchange } from '../model/exchange.ts';
import { fail, pass, type Check } from './check.ts';

type Rule = NonNullable<Exchange['rateAccount']>[number]['requirement'];

function byAccount(requirement: Rule, held: string): Check {
  return ({ exchange }) => {
    const account = exchange.rateAccount;
    if (!account) return undefined;
    const found = account.find((c) => c.requirement === requirement);
    return found ? fail(found.message) : pass(held);
  };
}

export const remainingCounts = byAccount('RL-REMAINING-COUNTS', 'Remaining fell by no more than our own requests');
export const refusedWithZero = byAccount('RL-429-REMAINING-ZERO', 'no 429 with Remaining left');
export const noServiceAfterZero = byAccount('RL-NO-SERVICE-AFTER-ZERO', 'nothing served under a Reset whose Remaining reached 0');
export const resetHonoured = byAccount('RL-RESET-HONOURED', 'no 429 once an announced Reset had passed');
