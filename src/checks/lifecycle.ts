// Checks across several exchanges of one record's life: what a create, a
// write or a delete must leave behind.
import type { Exchange } from '../model.ts';
import { describeOutcome } from './expect.ts';
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

function snapshot(ex: Exchange): Record<string, unknown> {
  return Object.fromEntries(Object.entries((ex.response?.json ?? {}) as Record<string, unknown>).filter(([k]) => SNAPSHOT_KEYS.test(k)));
}

/** SAFE-DUPLICATE-REFUSED: the existing record reads the same after a
 *  duplicate create as before it. */
export function expectUnchanged(before: Exchange, after: Exchange): Verdict {
  const was = snapshot(before);
  const now = snapshot(after);
  const changed = Object.keys({ ...was, ...now }).filter((k) => JSON.stringify(was[k]) !== JSON.stringify(now[k]));
  return {
    requirement: 'SAFE-DUPLICATE-REFUSED',
    ok: changed.length === 0 && after.response?.status === 200,
    message: changed.length === 0 ? 'existing reseller unchanged' : `expected the existing reseller unchanged, got ${changed.map((k) => `${k} ${JSON.stringify(was[k])} -> ${JSON.stringify(now[k])}`).join(', ')}`,
  };
}
