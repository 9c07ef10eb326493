// What the contract says about keys, observed on keys the run issues for a
// reseller of its own (certify; whether or not a reseller key was given):
// their form, their default and narrow scope, their whitelist, and that
// they die with their reseller. Keys cannot be revoked: only a reseller the
// run created gets them, and every one expires in a day.
import type { CaseKindPlan } from './kind.ts';
import type { PlannedCase } from '../../model/case.ts';
import { documentedCode, makeCase } from '../make.ts';

/** What the 201 of every issued key is judged on. */
export const ISSUED_KEY_REQUIREMENTS = ['KEY-SECRET-FORM', 'KEY-SECRET-LOWERCASE', 'KEY-PREFIX-MATCH', 'KEY-EXPIRES-DAYS'];

export const key: CaseKindPlan<'key'> = {
  name: 'key',
  suite: 'keys',
  summary: "keys issued for the run's own reseller: form, default and narrow scope, whitelist, death with the reseller",
  fixture: true,
  plan(spec) {
    const mint = spec.operations.find((o) => o.hints.mintsKey);
    if (!mint) return [];
    const issue = (key: 'full' | 'default' | 'whitelisted', title: string, extra: string[], reseller: number, admin = 1): PlannedCase =>
      makeCase(mint, 'key', key, title, {
        credential: 'admin',
        target: 'fixture',
        variant: { type: 'issued-key', key },
        expect: { status: mint.successStatus, requirement: mint.hints.requirement },
        extraRequirements: [...ISSUED_KEY_REQUIREMENTS, ...extra],
        profile: 'certify',
        // Each key is new, with a budget of its own on the server: its few
        // requests go past the run's budgets.
        cost: { admin, reseller },
      });
    const issued = [
      issue(
        'full',
        "a key of scope all: it is its reseller's, reads its own record, issues a key for itself",
        ['AUTH-KEY-WORKS', 'ROLE-RESELLER-READ-OWN', 'ROLE-RESELLER-MINT-OWN'],
        3,
      ),
      issue(
        'default',
        'a key without permissions: ["read"], it reads its own record and may not issue a key; issued again with the same Idempotency-Key, no second key',
        ['KEY-DEFAULT-READ', 'KEY-READ-READS', 'KEY-SCOPE-ENFORCED', 'KEY-RETRY-ONCE'],
        2,
        2,
      ),
      issue('whitelisted', 'a key whitelisted for 192.0.2.0/24 only: refused from here', ['KEY-WHITELIST-ENFORCED'], 1),
    ];
    const deleted = makeCase(spec.identity, 'key', 'deleted', 'the key of scope all after the admin deleted its reseller', {
      // Once its reseller is gone, the key is one the server does not know.
      credential: 'invalid',
      target: 'fixture',
      variant: { type: 'issued-key', key: 'deleted' },
      profile: 'certify',
      expect: { status: 401, code: documentedCode(spec.errorCodes, 401), requirement: 'AUTH-DELETED-KEY-401', neverServed: 'SAFE-DELETED-KEY-REFUSED' },
      cost: { admin: 1, anonymous: 1 },
    });
    return [...issued.map((c) => ({ ...c, phase: 0 })), { ...deleted, phase: 1 }];
  },
};
