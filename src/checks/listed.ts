import type { Exchange } from '../model/exchange.ts';
import { describeOutcome, succeeded } from '../model/exchange.ts';
import { fail, pass, type Check } from './check.ts';

/** A 2xx answer of GET /resellers/ whose body is an array. */
export function isListAnswer(ex: Exchange): boolean {
  return ex.request.method === 'GET' && /^\/resellers\/?(?:[?#].*)?$/.test(ex.request.path) && succeeded(ex) && Array.isArray(ex.response?.json);
}

/** Usernames compared as a panel may store them: case and Unicode form aside
 *  (a case-insensitive collation is no bug), anything else tells them apart. */
export const sameName = (a: string, b: string) => a.normalize('NFC').toLowerCase() === b.normalize('NFC').toLowerCase();

/** The usernames a list answer names (any other shape names none). */
export function listedNames(ex: Exchange): unknown[] {
  const json = ex.response?.json;
  return Array.isArray(json) ? (json as Array<{ username?: unknown }>).map((r) => r?.username) : [];
}

/** LIFE-LIST-CONTAINS: the list shows the record just created. */
export const listContainsCreated: Check<{ username: string }> = ({ exchange, evidence: { username } }) => {
  const names = listedNames(exchange);
  return names.includes(username) ? pass(`${username} listed`) : fail(`expected the list to contain ${username}, got ${names.length} other entries`);
};

/** LIFE-DELETE-GONE, on the read of the record: it answers 404. */
export const goneFromRecord: Check<{ username: string; read: 'record' | 'list' }> = ({ exchange, evidence }) => {
  if (evidence.read !== 'record') return undefined;
  return { ok: exchange.response?.status === 404, message: `expected GET after DELETE to answer 404, got ${describeOutcome(exchange)}` };
};

/** LIFE-DELETE-GONE, on the list: the record left it. */
export const goneFromList: Check<{ username: string; read: 'record' | 'list' }> = ({ exchange, evidence: { username, read } }) => {
  if (read !== 'list') return undefined;
  const listed = listedNames(exchange).includes(username);
  return listed ? fail(`expected ${username} to leave the list, still listed`) : pass(`${username} no longer listed`);
};
