// Another integration at work on the same panel: every so often it edits a
// pre-existing reseller (not partner1, whose key the server hands out):
// max_users + 1 and a new branding company_name. A conforming variant: a
// client under test must not mistake these edits for its own writes
// landing where they should not.
import { DEFAULT_RESELLER, type SeedReseller } from './seed.ts';
import type { Store } from './store.ts';

/** Seeded when the caller's seed has fewer than two resellers to edit. */
const EDITABLE: readonly SeedReseller[] = [
  { username: 'neighbour1', email: 'neighbour1@example.org', branding: { company_name: 'Neighbour One' } },
  { username: 'neighbour2', email: 'neighbour2@example.org', branding: { company_name: 'Neighbour Two' } },
];

/** `resellers`, with as many of EDITABLE as it takes to hold two besides partner1. */
export function withEditableResellers(resellers: readonly SeedReseller[]): SeedReseller[] {
  const editable = resellers.filter((r) => r.username !== DEFAULT_RESELLER.username).length;
  const taken = new Set(resellers.map((r) => r.username));
  const added = EDITABLE.filter((r) => !taken.has(r.username)).slice(0, Math.max(0, 2 - editable));
  return [...resellers, ...added];
}

/** Edits one seeded reseller every `everyMs`, in turn; returns the stop. */
export function startSecondClient(store: Store, everyMs: number): () => void {
  let edits = 0;
  const timer = setInterval(() => {
    const seeded = [...store.resellers.values()].filter((r) => r.createdVia === 'seed' && r.username !== DEFAULT_RESELLER.username);
    const reseller = seeded[edits % seeded.length];
    if (!reseller) return;
    edits += 1;
    reseller.limits = { ...reseller.limits, max_users: reseller.limits.max_users + 1 };
    reseller.branding = { ...reseller.branding, company_name: `Edited elsewhere ${edits}` };
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
