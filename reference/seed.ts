// Pre-existing data, so data-safety tests can prove a server leaves records
// it did not create untouched. "partner1" always exists.
import type { Limits } from './records.ts';
import type { Store } from './store.ts';

export interface SeedReseller {
  username: string;
  email: string;
  /** Accepted for symmetry with the create body; nothing reads passwords back, so none are kept. */
  password?: string;
  limits?: Partial<Limits>;
  branding?: Record<string, string>;
  ips?: string[];
  nameservers?: string[];
  /** Usernames of hosting users this reseller owns. */
  users?: string[];
}

export interface SeedData {
  resellers?: SeedReseller[];
}

export const DEFAULT_RESELLER: SeedReseller = { username: 'partner1', email: 'partner1@example.com' };

export function seedStore(store: Store, seed: SeedData = {}): void {
  const resellers = seed.resellers ?? [];
  const all = resellers.some((r) => r.username === DEFAULT_RESELLER.username) ? resellers : [DEFAULT_RESELLER, ...resellers];
  for (const given of all) {
    const record = store.addReseller(given.username, given.email, 'seed');
    record.limits = { ...record.limits, ...given.limits };
    record.branding = { ...given.branding };
    record.ips = [...(given.ips ?? [])];
    record.nameservers = [...(given.nameservers ?? [])];
    for (const user of given.users ?? []) store.addUser(user, `${user}@example.com`, given.username);
  }
}
