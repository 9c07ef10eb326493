// SAFE-REFUSED-NOT-APPLIED: a write the server refused changed nothing. A
// panel that validates after it writes, or checks the key once the handler
// ran, answers 4xx and keeps what it was sent: a reseller no client knows
// of, an address added to a record, which a client trusting the 4xx (and a
// run cleaning up) leaves behind.
import { exchangeSummary, type Exchange } from '../model/exchange.ts';
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

/** What SAFE-REFUSED-NOT-APPLIED is judged on. */
export type Refused = RefusedCreates | RefusedPart;
