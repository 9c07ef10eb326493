// What a write to one reseller may and may not change, field by field: the
// reseller object is documented, so two reads of it are compared.
import { describeOutcome, succeeded, type Exchange } from '../model/exchange.ts';
import { fail, pass, type Check } from './check.ts';

/** Keys whose change would mean a write touched the record. */
const SNAPSHOT_KEYS = /^(email|package|max_\w+|\w+_quota_mb|can_grant_\w+)$/;

function snapshot(record: unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries((record ?? {}) as Record<string, unknown>).filter(([k]) => SNAPSHOT_KEYS.test(k)));
}

/** The record's fields that differ between an earlier read's body and a
 *  later read ("key old -> new"). */
function changedFields(before: unknown, after: Exchange): string[] {
  const was = snapshot(before);
  const now = snapshot(after.response?.json);
  return Object.keys({ ...was, ...now })
    .filter((k) => JSON.stringify(was[k]) !== JSON.stringify(now[k]))
    .map((k) => `${k} ${JSON.stringify(was[k])} -> ${JSON.stringify(now[k])}`);
}

/** SAFE-DUPLICATE-UNCHANGED: the existing record reads the same after a
 *  duplicate create as before it. */
export const duplicateLeavesRecordUnchanged: Check<{ before: unknown }> = ({ exchange: after, evidence: { before } }) => {
  const changed = changedFields(before, after);
  return { ok: changed.length === 0 && succeeded(after), message: changed.length === 0 ? 'existing reseller unchanged' : `expected the existing reseller unchanged, got ${changed.join(', ')}` };
};

/** LIFE-LIMITS-PERSIST, on the target's read: every field written shows
 *  with the same value (both shapes documented: field by field). */
export const persistedFieldByField: Check<{ written: Record<string, unknown> } | { bystanderBefore: unknown }> = ({ exchange: read, evidence }) => {
  if (!('written' in evidence)) return undefined;
  if (!succeeded(read)) return fail(`expected the record read back, got ${describeOutcome(read)}`);
  const record = (read.response!.json ?? {}) as Record<string, unknown>;
  const wrong = Object.entries(evidence.written).filter(([k, v]) => JSON.stringify(record[k]) !== JSON.stringify(v));
  return wrong.length === 0
    ? pass(`${Object.keys(evidence.written).join(', ')} read back as written`)
    : fail(`expected the write to show on the record: ${wrong.map(([k, v]) => `${k} ${JSON.stringify(v)}, got ${JSON.stringify(record[k])}`).join('; ')}`);
};

/** LIFE-LIMITS-PERSIST, on another reseller's read: a write to one reseller
 *  left it unchanged. */
export const othersUnchanged: Check<{ written: Record<string, unknown> } | { bystanderBefore: unknown }> = ({ exchange: after, evidence }) => {
  if (!('bystanderBefore' in evidence)) return undefined;
  const diff = changedFields(evidence.bystanderBefore, after);
  return diff.length === 0 && succeeded(after) ? pass('the other reseller is unchanged') : fail(`expected a write to one reseller to leave another unchanged, got ${diff.join(', ') || describeOutcome(after)}`);
};
