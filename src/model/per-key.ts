// Requests per key, named and ordered one way wherever they are counted: the
// plan line and --list (the estimate) and every run summary (what was sent),
// so that the two read side by side.
import { budgetKeyOf, type BudgetKey, type Credential } from './exchange.ts';

/** The budgets in the order every line lists them, by the names it uses. */
const KEYS: readonly [BudgetKey, string][] = [
  ['admin', 'admin'],
  ['reseller', 'reseller'],
  ['anonymous', 'no key'],
];

/** `admin 58, reseller 33, no key 46`; a key without a count is 0. */
export function perKeyText(counts: Partial<Record<BudgetKey, number>>): string {
  return KEYS.map(([key, name]) => `${name} ${counts[key] ?? 0}`).join(', ');
}

/** Requests per credential summed per budget key: the credentials without a
 *  valid key (none, invalid) share the no-key budget. */
export function byKey(byCredential: Partial<Record<Credential, number>>): Record<BudgetKey, number> {
  const counts: Record<BudgetKey, number> = { admin: 0, reseller: 0, anonymous: 0 };
  for (const [credential, n] of Object.entries(byCredential)) counts[budgetKeyOf(credential as Credential)] += n ?? 0;
  return counts;
}

/** `admin 58, reseller 33, no key 46 (credential none 23, invalid 23)`:
 *  the no-key count split by what the requests carried. */
export function perKeySent(byCredential: Partial<Record<Credential, number>>): string {
  const parts = (['none', 'invalid'] as const).filter((c) => byCredential[c]).map((c) => `${c} ${byCredential[c]}`);
  return `${perKeyText(byKey(byCredential))}${parts.length ? ` (credential ${parts.join(', ')})` : ''}`;
}
