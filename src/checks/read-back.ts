// What a write must leave behind when the record is read back.
import { describeOutcome, jsonObject, type Exchange } from '../model/exchange.ts';
import { fail, pass, type Check, type Judgement } from './check.ts';

/** Whether a value written appears anywhere in a body of unknown shape. */
export function containsValue(body: unknown, needle: string | number): boolean {
  if (body === null || body === undefined) return false;
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a JSON primitive here, not an object
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

/** Whether `body` holds, anywhere, the field `name` with the value `value`
 *  (a boolean too: under its own name it does prove a write). */
function fieldShown(body: unknown, name: string, value: unknown): boolean {
  if (!body || typeof body !== 'object') return false;
  if (Array.isArray(body)) return body.some((v) => fieldShown(v, name, value));
  return Object.entries(body).some(([k, v]) => (k === name && JSON.stringify(v) === JSON.stringify(value)) || fieldShown(v, name, value));
}

/**
 * LIFE-WRITE-READ-BACK, LIFE-GUESSED-READ-BACK: a written value shows in
 * the next read. When the request body was our guess at an undocumented
 * shape (`guessed`), the server may keep only part of it (and drop keys it
 * does not know): then one value found is enough, or one field shown under
 * its own name with the value written, or any change from the read before
 * the write (`before`), when there was one.
 */
export const writeReadBack: Check<{ written: unknown; guessed?: boolean; before?: unknown }> = ({ exchange: ex, evidence: { written, guessed, before } }) => {
  const failed = readFailed(ex);
  if (failed) return failed;
  const body = ex.response!.json;
  const values = distinctiveValues(written);
  const missing = values.filter((v) => !containsValue(body, v));
  const changed = before !== undefined && JSON.stringify(before) !== JSON.stringify(body);
  const someField = Object.entries(jsonObject(written) ?? {}).some(([k, v]) => fieldShown(body, k, v));
  const ok = guessed ? missing.length < values.length || someField || changed : missing.length === 0;
  return ok
    ? pass('written value read back')
    : fail(`expected the read-back to contain ${missing.map((v) => JSON.stringify(v)).join(', ')}, got ${ex.response!.body.slice(0, 120)}`);
};

/** LIFE-IP-REMOVED: the part a DELETE named is gone from the list of
 *  parts, and the others added beside it (`siblings`) are still there,
 *  though the first of them was removed `elsewhere` too (from a reseller
 *  that never held it). */
export const removedPartGone: Check<{ value: string; siblings: string[]; elsewhere?: string }> = ({
  exchange: ex,
  evidence: { value, siblings, elsewhere },
}) => {
  const failed = readFailed(ex);
  if (failed) return failed;
  if (containsValue(ex.response!.json, value)) return fail(`expected ${JSON.stringify(value)} to be gone, still listed`);
  const lost = siblings.filter((v) => !containsValue(ex.response!.json, v));
  const also = elsewhere ? ` (and ${elsewhere}, on a reseller that never held it)` : '';
  return lost.length
    ? fail(`expected only ${JSON.stringify(value)} to go, got ${lost.map((v) => JSON.stringify(v)).join(', ')} gone too${also}`)
    : pass(`${value} no longer listed${siblings.length ? `, ${siblings.join(', ')} still are${also}` : ''}`);
};

/** LIFE-PART-RESET: after a DELETE of a part without a name (the branding),
 *  the values written to it no longer show. */
export const partReset: Check<{ written: unknown }> = ({ exchange: ex, evidence: { written } }) => {
  const failed = readFailed(ex);
  if (failed) return failed;
  const kept = distinctiveValues(written).filter((v) => containsValue(ex.response!.json, v));
  return kept.length
    ? fail(`expected the DELETE to reset it, got ${kept.map((v) => JSON.stringify(v)).join(', ')} still there`)
    : pass('the values written are gone');
};
