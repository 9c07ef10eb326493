// Checks across several exchanges of one record's life: what a create, a
// write or a delete must leave behind.
import type { Exchange } from '../model/exchange.ts';
import { describeOutcome, succeeded } from './expect.ts';
import type { Verdict } from './types.ts';

function listedNames(ex: Exchange): unknown[] {
  const json = ex.response?.json;
  return Array.isArray(json) ? (json as Array<{ username?: unknown }>).map((r) => r?.username) : [];
}

/** LIFE-LIST-CONTAINS: the list shows the record just created. */
export function expectListed(list: Exchange, username: string): Verdict {
  const names = listedNames(list);
  return names.includes(username)
    ? { requirement: 'LIFE-LIST-CONTAINS', ok: true, message: `${username} listed` }
    : { requirement: 'LIFE-LIST-CONTAINS', ok: false, message: `expected the list to contain ${username}, got ${names.length} other entries` };
}

/** LIFE-DELETE-GONE: a GET of the deleted record answers 404. */
export function expectGoneFromGet(get: Exchange): Verdict {
  return { requirement: 'LIFE-DELETE-GONE', ok: get.response?.status === 404, message: `expected GET after DELETE to answer 404, got ${describeOutcome(get)}` };
}

/** LIFE-DELETE-GONE: the deleted record left the list. */
export function expectGoneFromList(list: Exchange, username: string): Verdict {
  const listed = listedNames(list).includes(username);
  return { requirement: 'LIFE-DELETE-GONE', ok: !listed, message: listed ? `expected ${username} to leave the list, still listed` : `${username} no longer listed` };
}

/** Keys whose change would mean a duplicate create touched the record. */
const SNAPSHOT_KEYS = /^(email|package|max_\w+|\w+_quota_mb|can_grant_\w+)$/;

function snapshot(record: unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries((record ?? {}) as Record<string, unknown>).filter(([k]) => SNAPSHOT_KEYS.test(k)));
}

/** SAFE-DUPLICATE-UNCHANGED: the existing record reads the same after a
 *  duplicate create as before it. */
export function expectUnchanged(before: unknown, after: Exchange): Verdict {
  const changed = changedFields(before, after);
  return {
    requirement: 'SAFE-DUPLICATE-UNCHANGED',
    ok: changed.length === 0 && succeeded(after),
    message: changed.length === 0 ? 'existing reseller unchanged' : `expected the existing reseller unchanged, got ${changed.join(', ')}`,
  };
}

/** The record's fields that differ between two reads ("key old -> new");
 *  `before` is an earlier read, or the body it returned. */
function changedFields(before: Exchange | unknown, after: Exchange): string[] {
  const body = (x: unknown) => (x && typeof x === 'object' && 'request' in x ? (x as Exchange).response?.json : x);
  const was = snapshot(body(before));
  const now = snapshot(after.response?.json);
  return Object.keys({ ...was, ...now }).filter((k) => JSON.stringify(was[k]) !== JSON.stringify(now[k])).map((k) => `${k} ${JSON.stringify(was[k])} -> ${JSON.stringify(now[k])}`);
}

/** LIFE-LIMITS-PERSIST: every field written shows, with the same value, in
 *  the record read back (both shapes documented: compared field by field). */
export function expectPersisted(read: Exchange, written: Record<string, unknown>): Verdict {
  const requirement = 'LIFE-LIMITS-PERSIST';
  if (!succeeded(read)) return { requirement, ok: false, message: `expected the record read back, got ${describeOutcome(read)}` };
  const record = (read.response!.json ?? {}) as Record<string, unknown>;
  const wrong = Object.entries(written).filter(([k, v]) => JSON.stringify(record[k]) !== JSON.stringify(v));
  return wrong.length === 0
    ? { requirement, ok: true, message: `${Object.keys(written).join(', ')} read back as written` }
    : { requirement, ok: false, message: `expected the write to show on the record: ${wrong.map(([k, v]) => `${k} ${JSON.stringify(v)}, got ${JSON.stringify(record[k])}`).join('; ')}` };
}

/** LIFE-LIMITS-PERSIST: a write to one reseller left another unchanged. */
export function expectBystanderUnchanged(before: Exchange, after: Exchange): Verdict {
  const diff = changedFields(before, after);
  return diff.length === 0 && succeeded(after)
    ? { requirement: 'LIFE-LIMITS-PERSIST', ok: true, message: 'the other reseller is unchanged' }
    : { requirement: 'LIFE-LIMITS-PERSIST', ok: false, message: `expected a write to one reseller to leave another unchanged, got ${diff.join(', ') || describeOutcome(after)}` };
}
