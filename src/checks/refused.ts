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

/** On a list: no create refused before it was sent shows in it. */
export const refusedCreatesNotListed: Check<Refused> = ({ exchange, evidence }) => {
  if (evidence.on !== 'list' || !isListAnswer(exchange)) return undefined;
  const sentAt = Date.parse(exchange.startedAt);
  const before = evidence.refused.filter((r) => r.at <= sentAt);
  if (!before.length) return undefined;
  const names = listedNames(exchange).filter((n): n is string => typeof n === 'string');
  const stored = before.filter((r) => names.some((n) => sameName(n, r.username)));
  if (!stored.length) return pass(`none of the ${before.length} creates refused before the list is listed`);
  const shown = stored.slice(0, 5).map((r) => `${r.username} (its create answered ${r.status})`);
  return fail(`expected no reseller whose create was refused, got ${shown.join(', ')}${stored.length > 5 ? ` and ${stored.length - 5} more` : ''} listed`);
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
