// What a write must leave behind when the record is read back.
import { describeOutcome, type Exchange } from '../model/exchange.ts';
import { fail, pass, type Check, type Judgement } from './check.ts';

/** Whether a value written appears anywhere in a body of unknown shape. */
export function containsValue(body: unknown, needle: string | number): boolean {
  if (body === null || body === undefined) return false;
  if (typeof body !== 'object') return String(body) === String(needle);
  if (Array.isArray(body)) return body.some((v) => containsValue(v, needle));
  return Object.entries(body).some(([k, v]) => k === String(needle) || containsValue(v, needle));
}

/** The distinctive leaves of a written body: strings and numbers (a boolean
 *  proves nothing when searched for). */
export function distinctiveValues(written: unknown): Array<string | number> {
  if (typeof written === 'string' || typeof written === 'number') return [written];
  if (written && typeof written === 'object') return Object.values(written).flatMap(distinctiveValues);
  return [];
}

const readFailed = (ex: Exchange): Judgement | undefined =>
  !ex.response || ex.response.status >= 300 ? fail(`expected the read-back to succeed, got ${describeOutcome(ex)}`) : undefined;

/**
 * LIFE-WRITE-READ-BACK, LIFE-GUESSED-READ-BACK: a written value shows in
 * the next read. When the request body was our guess at an undocumented
 * shape (`guessedBefore`: the read before the write), the server may keep
 * only part of it (and drop keys it does not know): then one value found,
 * or any change from the read before, is enough.
 */
export const writeReadBack: Check<{ written: unknown; guessedBefore?: { body: unknown } }> = ({ exchange: ex, evidence: { written, guessedBefore } }) => {
  const failed = readFailed(ex);
  if (failed) return failed;
  const values = distinctiveValues(written);
  const missing = values.filter((v) => !containsValue(ex.response!.json, v));
  const changed = guessedBefore !== undefined && JSON.stringify(guessedBefore.body) !== JSON.stringify(ex.response!.json);
  const ok = guessedBefore ? missing.length < values.length || changed : missing.length === 0;
  return ok ? pass('written value read back') : fail(`expected the read-back to contain ${missing.map((v) => JSON.stringify(v)).join(', ')}, got ${ex.response!.body.slice(0, 120)}`);
};

/** LIFE-IP-REMOVED: the part a DELETE named is gone from the list of parts. */
export const removedPartGone: Check<{ value: string }> = ({ exchange: ex, evidence: { value } }) => {
  const failed = readFailed(ex);
  if (failed) return failed;
  return containsValue(ex.response!.json, value) ? fail(`expected ${JSON.stringify(value)} to be gone, still listed`) : pass(`${value} no longer listed`);
};
