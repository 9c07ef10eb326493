// "Admin only (reseller reads own)", with a reseller key: given, or minted
// for a reseller of the run's own.
import type { CaseKindPlan } from './kind.ts';
import type { Operation } from '../../spec/load.ts';
import type { PlannedCase, Profile, Target, Variant } from '../../model/case.ts';
import { documentedCode, isRecordPath, makeCase } from '../make.ts';
import { exceedCase } from './rate-limit.ts';
import { ISSUED_KEY_REQUIREMENTS } from './key.ts';

export const role: CaseKindPlan<'role'> = {
  name: 'role',
  suite: 'roles',
  summary: 'a reseller key: reads its own record, is refused everything else (403)',
  plan(spec, opts) {
    const forbiddenCode = documentedCode(spec.errorCodes, 403);
    const own: PlannedCase[] = [];
    const refused: PlannedCase[] = [];
    const ownWrites: PlannedCase[] = [];
    const ownMint: PlannedCase[] = [];
    const forbidden = (op: Operation, suffix: string, what: string, target: Target, profile: Profile, variant: Variant = { type: 'positive' }) =>
      makeCase(op, 'role', suffix, `reseller key, ${what}`, {
        credential: 'reseller',
        target,
        variant,
        expect: { status: 403, code: forbiddenCode, requirement: 'ROLE-RESELLER-FORBIDDEN' },
        profile,
      });
    // "Reseller reads own" has a who (whose record) and a what (read or
    // write): every operation is tried on the key's own record and on
    // another's, and only reading its own is allowed.
    for (const op of spec.operations) {
      if (op.hints.identity) continue;
      if (op.hints.resellerAccess === 'own-read' && op.hints.target === 'reseller') {
        own.push(
          makeCase(op, 'role', 'own', 'reseller key, its own record', {
            credential: 'reseller',
            target: 'own',
            variant: { type: 'own-read' },
            expect: { status: '2xx', requirement: 'ROLE-RESELLER-READ-OWN' },
            profile: 'default',
          }),
        );
        // Its record and every part of it: a leak of one part is as much a leak.
        refused.push(forbidden(op, 'other', "another reseller's record", 'bystander', 'default'));
      } else if (op.hints.resellerAccess === 'denied' && op.hints.target === 'reseller') {
        refused.push(forbidden(op, 'denied', "a write to another reseller's record", 'bystander', 'default'));
        const probe = forbidden(op, 'own-write', 'a write to its own record', 'own', 'default', { type: 'own-write' });
        if (opts.hasResellerToken) {
          probe.cost = givenKeyProbeCost(op);
          // Refused, its add is looked for by the admin's read.
          if (op.method === 'POST' && op.hints.yields) probe.requirements.push('SAFE-REFUSED-NOT-APPLIED');
        }
        // Deleting the key's own reseller ends the role cases: last.
        if (op === spec.record.remove) {
          if (opts.hasResellerToken) probe.skip = "never sent: it would delete the given key's own reseller, which the run did not create";
          ownWrites.push(probe);
        } else ownWrites.unshift(probe);
      } else if (op.hints.resellerAccess === 'denied') {
        refused.push(forbidden(op, 'denied', op.method === 'GET' ? 'admin-only read' : 'write', op.hints.target === 'user' ? 'bystander' : 'none', 'default'));
      }
      // "A reseller [may issue a key] only for itself": the who varies here too.
      if (op.hints.mintsKey) {
        const ownKey = makeCase(op, 'role', 'own-mint', 'reseller key, a key for itself', {
          credential: 'reseller',
          target: 'own',
          variant: { type: 'positive' },
          expect: { status: op.successStatus, requirement: 'ROLE-RESELLER-MINT-OWN' },
          profile: 'default',
        });
        if (opts.hasResellerToken) ownKey.skip = "never sent: keys cannot be revoked, and the given key's reseller is not the run's";
        ownMint.push(ownKey);
      }
    }
    // Minting comes first; then own reads: the first tells whether the key works at all.
    const mintOp = spec.operations.find((o) => o.hints.mintsKey);
    const mint = mintOp
      ? [
          makeCase(mintOp, 'role', 'mint', 'admin issues a key for a new reseller', {
            credential: 'admin',
            target: 'none',
            variant: { type: 'mint-key' },
            expect: { status: mintOp.successStatus, requirement: mintOp.hints.requirement },
            extraRequirements: [...ISSUED_KEY_REQUIREMENTS, 'AUTH-KEY-WORKS'],
            profile: 'default',
            cost: { admin: 2, reseller: 1 }, // the reseller and its key; the key's first use (GET /auth/me)
          }),
        ]
      : [];
    // Steps: the key is minted; one own read tells whether it works; then
    // everything else side by side; then the key beyond its limit ("per API
    // token": the reseller's too), early in the run so that its wait for the
    // reset overlaps the admin key's windows; the deletes of whole resellers
    // last, so that one wrongly served takes nothing from the others.
    const rest = [...own.slice(1), ...ownMint, ...refused, ...ownWrites];
    const deletes = rest.filter((c) => c.operationId === spec.record.remove.operationId);
    // After them, the key of a reseller the admin deleted must no longer work.
    const deletedKey = makeCase(spec.identity, 'role', 'deleted-key', 'reseller key after the admin deleted its reseller', {
      // Once its reseller is gone, the key is one the server does not know.
      credential: 'invalid',
      target: 'none',
      variant: { type: 'deleted-key' },
      profile: 'certify',
      expect: { status: 401, code: documentedCode(spec.errorCodes, 401), requirement: 'AUTH-DELETED-KEY-401', neverServed: 'SAFE-DELETED-KEY-REFUSED' },
      cost: { admin: 1, anonymous: 1 }, // the admin's delete, the key's try
    });
    if (opts.hasResellerToken) deletedKey.skip = "never sent: it would delete the given key's own reseller, which the run did not create";
    const steps: PlannedCase[][] = [
      mint,
      own.slice(0, 1),
      rest.filter((c) => !deletes.includes(c)),
      [exceedCase(spec, 'role', 'reseller')],
      deletes,
      [deletedKey],
    ];
    return steps.flatMap((cases, phase) => cases.map((c) => ({ ...c, phase })));
  },
};

/** What the probe of a given key's own record sends (see ownWrite). */
function givenKeyProbeCost(op: Operation): PlannedCase['cost'] {
  if (op.method === 'PUT') return { reseller: 2 };
  if (op.method === 'DELETE' && !isRecordPath(op) && op.path.endsWith('}')) return { reseller: 1, admin: 2 };
  // A part added: refused, the admin reads whether it was added all the same.
  if (op.method === 'POST' && op.hints.yields) return { reseller: 1, admin: 1 };
  return { reseller: 1 };
}
