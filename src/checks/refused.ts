// SAFE-REFUSED-NOT-APPLIED: a write the server refused changed nothing. A
// panel that validates after it writes, or checks the key once the handler
// ran, answers 4xx and keeps what it was sent: a reseller no client knows
// of, an address added to a record, which a client trusting the 4xx (and a
// run cleaning up) leaves behind.
import { exchangeSummary, jsonObject, type Exchange } from '../model/exchange.ts';
import { fail, pass, type Check } from './check.ts';
import { isListAnswer, listedNames, sameName } from './listed.ts';
import { containsValue } from './read-back.ts';

/** A create answered 4xx (but 409: the name exists) of a name the run had
 *  not created. */
export interface RefusedCreate {
  username: string;
  status: number;
  /** When the refusal was answered (epoch ms). */
  at: number;
}

/** What the list after the refusals is judged on. */
export interface RefusedCreates {
  on: 'list';
  /** The run's refused creates, in the order answered. */
  refused: readonly RefusedCreate[];
}

/** Of the refused creates, those answered before the list was sent, and
 *  of these the ones it names (stored all the same); undefined when the
 *  answer is no list. */
export function refusalsShownBy<R extends Pick<RefusedCreate, 'username' | 'at'>>(
  list: Exchange,
  refused: readonly R[],
): { before: R[]; stored: R[] } | undefined {
  if (!isListAnswer(list)) return undefined;
  const sentAt = Date.parse(list.startedAt);
  const before = refused.filter((r) => r.at <= sentAt);
  const names = listedNames(list).filter((n): n is string => typeof n === 'string');
  return { before, stored: before.filter((r) => names.some((n) => sameName(n, r.username))) };
}

/** On a list: no create refused before it was sent shows in it. */
export const refusedCreatesNotListed: Check<Refused> = ({ exchange, evidence }) => {
  const shown = evidence.on === 'list' ? refusalsShownBy(exchange, evidence.refused) : undefined;
  if (!shown?.before.length) return undefined;
  const { before, stored } = shown;
  if (!stored.length) return pass(`none of the ${before.length} creates refused before the list is listed`);
  const named = stored.slice(0, 5).map((r) => `${r.username} (its create answered ${r.status})`);
  return fail(`expected no reseller whose create was refused, got ${named.join(', ')}${stored.length > 5 ? ` and ${stored.length - 5} more` : ''} listed`);
};

/** What the admin's read after a refused add is judged on. */
export interface RefusedPart {
  on: 'part';
  /** The add the server refused. */
  refused: Exchange;
  /** The value it would have added. */
  value: string;
}

/** On the admin's read of the parts after the refused add: the value is not there. */
export const refusedPartNotAdded: Check<Refused> = ({ exchange, evidence }) => {
  if (evidence.on !== 'part') return undefined;
  const { refused, value } = evidence;
  return containsValue(exchange.response?.json, value)
    ? fail(`expected ${value} not added by ${exchangeSummary(refused)}, the admin's read shows it`)
    : pass(`${value} not added by ${exchangeSummary(refused)}`);
};

/** A write the server answered, and the JSON object it sent. */
export interface AnsweredWrite {
  exchange: Exchange;
  body: Record<string, unknown>;
}

/** What a read of a record's part after writes to it is judged on. */
export interface RefusedWrites {
  on: 'written';
  /** The writes to the part the server answered 4xx. */
  refused: readonly AnsweredWrite[];
  /** Those it answered otherwise (a 2xx, a 5xx): what they named may show. */
  unrefused: readonly AnsweredWrite[];
}

/** On a read after the writes: no text a refused write sent shows, as the
 *  field it named (when the part reads as an object with that field) or
 *  anywhere in the part (an address in a list). Only text is judged: no
 *  record holds the text a field of another type was sent, nor an address
 *  that is none, while a number or a flag may be the record's own value.
 *  What a write not refused sent too may show. */
export const refusedWritesNotApplied: Check<Refused> = ({ exchange, evidence }) => {
  if (evidence.on !== 'written') return undefined;
  const { refused, unrefused } = evidence;
  const after = exchange.response?.json;
  const fields = jsonObject(after);
  // Each value once, with the first refused write that sent it.
  const shown = new Map<string, string>();
  let judged = 0;
  for (const write of refused) {
    for (const [field, value] of Object.entries(write.body)) {
      if (typeof value !== 'string' || value === '' || unrefused.some((w) => containsValue(w.body, value))) continue;
      judged++;
      const stored = fields && field in fields ? fields[field] === value : containsValue(after, value);
      if (stored && !shown.has(value)) shown.set(value, `${field} ${JSON.stringify(value)} after ${exchangeSummary(write.exchange)}`);
    }
  }
  if (!judged) return undefined;
  if (!shown.size) return pass(`nothing ${refused.length} refused write${refused.length === 1 ? '' : 's'} sent shows`);
  const named = [...shown.values()];
  return fail(`expected a refused write to store nothing, got ${named.slice(0, 3).join('; ')}${named.length > 3 ? ` and ${named.length - 3} more` : ''}`);
};

/** What SAFE-REFUSED-NOT-APPLIED is judged on. */
export type Refused = RefusedCreates | RefusedPart | RefusedWrites;
