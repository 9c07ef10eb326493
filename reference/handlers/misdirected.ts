// data-safety and persistence faults: writes that land on other records, or
// on more than the one they name, as a missing or careless WHERE would
// (none at all, LIKE 'x%', an off-by-one lookup).
import type { FaultName } from '../faults.ts';
import type { ResellerRecord } from '../records.ts';
import type { Store } from '../store.ts';
import type { RequestContext } from './context.ts';

const everyReseller = (store: Store) => [...store.resellers.values()];

/** Every reseller whose username starts with `prefix`. */
export const namedAfter = (store: Store, prefix: string): ResellerRecord[] => everyReseller(store).filter((r) => r.username.startsWith(prefix));

/** What a write on `reseller` lands on: that reseller; under the fault
 *  `all`, every reseller; under `prefix`, those named after it too. */
export function writeTargets({ store, has }: RequestContext, reseller: ResellerRecord, spread: { all?: FaultName; prefix?: FaultName }): ResellerRecord[] {
  if (spread.all && has(spread.all)) return everyReseller(store);
  if (spread.prefix && has(spread.prefix)) return namedAfter(store, reseller.username);
  return [reseller];
}

/** The most recently created reseller other than `reseller`. */
export const lastOther = (store: Store, reseller: ResellerRecord): ResellerRecord | undefined =>
  everyReseller(store)
    .reverse()
    .find((r) => r !== reseller);

/** The reseller created just before `reseller`, seeded ones aside. */
export function createdBefore(store: Store, reseller: ResellerRecord): ResellerRecord | undefined {
  const all = everyReseller(store);
  return all
    .slice(0, all.indexOf(reseller))
    .reverse()
    .find((r) => r.createdVia !== 'seed');
}

/** Resellers whose username starts with `username`, or is the start of it. */
export const prefixKin = (store: Store, username: string): ResellerRecord[] =>
  everyReseller(store).filter((r) => r.username.startsWith(username) || username.startsWith(r.username));
