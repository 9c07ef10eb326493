// What a write to one reseller may and may not change, field by field: the
// reseller object is documented, so two reads of it are compared.
import { describeOutcome, succeeded } from '../model/exchange.ts';
import { fail, pass, type Check } from './check.ts';

/** Keys whose change would mean a write touched the record: the documented
 *  fields a client sets (not a last login or a counter). */
const SNAPSHOT_KEYS = /^(email|package|max_\w+|\w+_quota_mb|can_grant_\w+)$/;

function snapshot(record: unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries((record ?? {}) as Record<string, unknown>).filter(([k]) => SNAPSHOT_KEYS.test(k)));
}

export interface FieldChange {
  key: string;
  was: unknown;
  now: unknown;
}

/** The record's fields that differ between two reads of it; `shownByBoth`:
 *  only keys both reads show (a list entry may show less of a record than
 *  GET one). */
export function changes(before: unknown, after: unknown, shownByBoth = false): FieldChange[] {
  const was = snapshot(before);
  const now = snapshot(after);
  return Object.keys({ ...was, ...now })
    .filter((k) => !shownByBoth || (k in was && k in now))
    .filter((k) => JSON.stringify(was[k]) !== JSON.stringify(now[k]))
    .map((key) => ({ key, was: was[key], now: now[key] }));
}

/** The same, in words: "key old -> new". */
export function changedFields(before: unknown, after: unknown, shownByBoth = false): string[] {
  return changes(before, after, shownByBoth).map(({ key, was, now }) => `${key} ${JSON.stringify(was)} -> ${JSON.stringify(now)}`);
}

/** The records of a list body by username; undefined when it is no list. */
export function listEntries(body: unknown): Map<string, Record<string, unknown>> | undefined {
  if (!Array.isArray(body)) return undefined;
  const entries = new Map<string, Record<string, unknown>>();
  for (const item of body as unknown[]) {
    const name = (item as { username?: unknown } | null)?.username;
    if (typeof name === 'string') entries.set(name, item as Record<string, unknown>);
  }
  return entries;
}

/** SAFE-DUPLICATE-UNCHANGED: the existing record reads the same after a
 *  duplicate create as before it. */
export const duplicateLeavesRecordUnchanged: Check<{ before: unknown; username: string }> = ({ exchange: after, evidence: { before, username } }) => {
  // Read again as the record itself, or as its entry in the list.
  const listed = listEntries(after.response?.json);
  const now = listed ? listed.get(username) : after.response?.json;
  if (listed && !now) return fail(`expected the existing reseller unchanged, got ${username} no longer listed`);
  const changed = changedFields(before, now, listed !== undefined);
  return {
    ok: changed.length === 0 && succeeded(after),
    message: changed.length === 0 ? 'existing reseller unchanged' : `expected the existing reseller unchanged, got ${changed.join(', ')}`,
  };
};

/** SAFE-PARTIAL-WRITE, on the record read back after a write of some of
 *  its fields: the others are as the read before the write showed them. */
export const partialWrite: Check<{ before: unknown; written: Record<string, unknown> }> = ({ exchange: read, evidence: { before, written } }) => {
  if (!succeeded(read) || before === undefined) return undefined;
  const others = changes(before, read.response!.json).filter(({ key }) => !(key in written));
  return others.length === 0
    ? pass(`only ${Object.keys(written).join(', ')} changed`)
    : fail(
        `expected a write of ${Object.keys(written).join(', ')} to leave the other fields as they were, got ${others.map(({ key, was, now }) => `${key} ${JSON.stringify(was)} -> ${JSON.stringify(now)}`).join(', ')}`,
      );
};

/** LIFE-LIMITS-PERSIST, on the target's read: every field written shows
 *  with the same value (both shapes documented: field by field). */
export const persistedFieldByField: Check<{ written: Record<string, unknown> }> = ({ exchange: read, evidence }) => {
  if (!succeeded(read)) return fail(`expected the record read back, got ${describeOutcome(read)}`);
  const record = (read.response!.json ?? {}) as Record<string, unknown>;
  const wrong = Object.entries(evidence.written).filter(([k, v]) => JSON.stringify(record[k]) !== JSON.stringify(v));
  return wrong.length === 0
    ? pass(`${Object.keys(evidence.written).join(', ')} read back as written`)
    : fail(`expected the write to show on the record: ${wrong.map(([k, v]) => `${k} ${JSON.stringify(v)}, got ${JSON.stringify(record[k])}`).join('; ')}`);
};
