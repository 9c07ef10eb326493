// SAFE-OTHERS-UNTOUCHED: records the run does not own. On a shared panel
// other clients change them too, so a change fails only on proof that the
// run caused it: the record now carries a value only this run wrote, which
// it did not carry before. Any other change is a note, never a failure.
import { containsValue } from './read-back.ts';
import { changes, listEntries } from './record-fields.ts';
import { fail, pass, type Check } from './check.ts';

/** What SAFE-OTHERS-UNTOUCHED is judged on: the list, or a part of a
 *  record the run does not own (certify). */
export type Others = Census | OtherPart;

export interface Census {
  on: 'list';
  /** The list (its body) before the run's writes. */
  before: unknown;
  /** What names the run's own records (its prefix). */
  ownPrefix: string;
  /** Values only this run wrote, by the field the record shows them in
   *  (max_users: the limit written to the run's reseller). */
  written: Record<string, unknown>;
}

/** On the list after the run's writes. */
export const othersCarryNothingOfOurs: Check<Others> = ({ exchange, evidence }) => {
  if (evidence.on !== 'list') return undefined;
  const { before, ownPrefix, written } = evidence;
  const was = listEntries(before);
  const now = listEntries(exchange.response?.json);
  if (!was || !now) return undefined;
  const proven: string[] = [];
  const notes: string[] = [];
  for (const [name, earlier] of was) {
    if (name.startsWith(ownPrefix)) continue;
    const later = now.get(name);
    if (!later) {
      notes.push(`${name} is no longer listed; another client may have deleted it`);
      continue;
    }
    const changed = changes(earlier, later, true);
    const ours = changed.filter(({ key, now: value }) => key in written && JSON.stringify(written[key]) === JSON.stringify(value));
    if (ours.length)
      proven.push(`${name}: ${ours.map(({ key, was: old, now: value }) => `${key} ${JSON.stringify(old)} -> ${JSON.stringify(value)}`).join(', ')}`);
    else if (changed.length)
      notes.push(
        `${name} changed during the run (${changed.map(({ key, was: old, now: value }) => `${key} ${JSON.stringify(old)} -> ${JSON.stringify(value)}`).join(', ')}); not a value the run wrote: another client's doing, as far as the run can tell`,
      );
  }
  if (proven.length)
    return { ok: false, message: `expected records the run does not own to carry none of its values, got ${proven.join('; ')} (written by this run)`, notes };
  return {
    ...pass(`${was.size - [...was.keys()].filter((n) => n.startsWith(ownPrefix)).length} records the run does not own carry none of its values`),
    notes,
  };
};

/** A part of a record the run does not own, read before (`before`) and
 *  after the run's writes; `written`: the values the run wrote to that part
 *  of its own reseller. */
export interface OtherPart {
  on: 'part';
  before: unknown;
  written: Array<string | number>;
  name: string;
}

export const otherPartCarriesNothingOfOurs: Check<Others> = ({ exchange, evidence }) => {
  if (evidence.on !== 'part') return undefined;
  const { before, written, name } = evidence;
  const after = exchange.response && exchange.response.status < 300 ? exchange.response.json : undefined;
  if (after === undefined) return undefined;
  const ours = written.filter((v) => containsValue(after, v) && !containsValue(before, v));
  if (ours.length)
    return fail(
      `expected ${name}, a record the run does not own, to carry none of its values, got ${ours.map((v) => JSON.stringify(v)).join(', ')} (written by this run)`,
    );
  const notes =
    JSON.stringify(before) === JSON.stringify(after) ? [] : [`${name}: ${exchange.request.path} changed during the run; not to a value the run wrote`];
  return { ...pass(`${name} carries none of the run's values`), notes };
};
