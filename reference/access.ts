// Access policies: "Admin only (reseller reads own)". Each route names one;
// the role faults are the doors a policy opens to resellers when active.
import type { FaultName, Has } from './faults.ts';
import type { Account } from './records.ts';

export type Params = Readonly<Record<string, string>>;
export type Policy = (caller: Account, params: Params, has: Has) => boolean;

const isAdmin = (caller: Account) => caller.role === 'admin';
const isReseller = (caller: Account) => caller.role === 'reseller';
const ownsTarget = (caller: Account, params: Params) => isReseller(caller) && caller.username === params.username;

export const anyCaller: Policy = () => true;
export const adminOnly: Policy = isAdmin;

/** API keys: an admin for anyone, everyone else only for themselves. */
export const adminOrSelf: Policy = (caller, params) => isAdmin(caller) || caller.username === params.username;

/** Reads of a reseller's record or sub-resources: admin, or that reseller
 *  (but for the role fault that refuses the owner too). */
export const ownerReads: Policy = (caller, params, has) =>
  isAdmin(caller) || (ownsTarget(caller, params) && !has('reseller-own-read-refused')) || (isReseller(caller) && has('reseller-reads-other'));

/** Reads of a reseller's sub-resources: as its record, but for the role
 *  fault that checks the owner on the record's route only. */
export const ownerReadsParts: Policy = (caller, params, has) => ownerReads(caller, params, has) || (isReseller(caller) && has('reseller-reads-other-parts'));

/** Admin only, unless the role fault `leak` is active for resellers (any, or only the owner). */
export function adminOnlyUnless(leak: FaultName, to: 'any-reseller' | 'owner'): Policy {
  return (caller, params, has) => isAdmin(caller) || (has(leak) && (to === 'owner' ? ownsTarget(caller, params) : isReseller(caller)));
}
