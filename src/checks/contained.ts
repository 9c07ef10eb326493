// SAFE-WRITE-CONTAINED: what the run wrote to one reseller reaches no
// other. Judged on the run's own records (the bystander, named like the
// written one; the reseller key's owner), which nothing else writes: on the
// list (their whole records) and on the bystander's parts.
import type { Exchange } from '../model/exchange.ts';
import { containsValue } from './read-back.ts';
import { changedFields, listEntries } from './record-fields.ts';
import { fail, pass, type Check } from './check.ts';

/** What SAFE-WRITE-CONTAINED is judged on: a list, a part of the
 *  bystander, or the written record's read when its DELETE found it gone. */
export type Contained = Bystanders | PartKept | Vanished;

/** The run's own records that must still be listed, and, where an earlier
 *  list showed them, unchanged field by field. */
export interface Bystanders {
  on: 'list';
  names: string[];
  /** An earlier list (its body), before the writes. */
  before?: unknown;
  /** The fields the run wrote to the target, with their (per-run
   *  distinctive) values: a bystander that shows every one of them took the
   *  target's write, whatever an earlier list showed. */
  written?: Record<string, unknown>;
  /** The record the writes went to, for the message. */
  target: string;
}

export const bystandersUnchanged: Check<Contained> = ({ exchange, evidence }) => {
  if (evidence.on !== 'list') return undefined;
  const { names, before, written, target } = evidence;
  const now = listEntries(exchange.response?.json);
  if (!now) return undefined;
  const was = before === undefined ? undefined : listEntries(before);
  const problems = names.flatMap((name) => {
    const after = now.get(name);
    if (!after) return [`${name} is no longer listed`];
    const earlier = was?.get(name);
    const changed = earlier ? changedFields(earlier, after, true) : [];
    if (changed.length) return [`${name}: ${changed.join(', ')}`];
    return showsAll(after, written) ? [`${name} shows what was written to ${target}: ${describe(written!)}`] : [];
  });
  return problems.length
    ? fail(`expected the writes to ${target} to reach no other reseller, got ${problems.join('; ')}`)
    : pass(`${names.join(', ')} listed and unchanged`);
};

/** Whether a list entry shows every field written, with its value. */
function showsAll(entry: Record<string, unknown>, written: Record<string, unknown> | undefined): boolean {
  const fields = Object.entries(written ?? {});
  return fields.length > 0 && fields.every(([k, v]) => k in entry && JSON.stringify(entry[k]) === JSON.stringify(v));
}

const describe = (fields: Record<string, unknown>) =>
  Object.entries(fields)
    .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
    .join(', ');

/** A part of the bystander (its branding, IPs, ...) read after the writes. */
export interface PartKept {
  on: 'part';
  /** Values the run wrote to this part of the bystander: it must keep them. */
  keeps: Array<string | number>;
  /** Values the run wrote to this part of the target: they must not show. */
  foreign: Array<string | number>;
  bystander: string;
  target: string;
}

export const partKept: Check<Contained> = ({ exchange, evidence }) => {
  if (evidence.on !== 'part') return undefined;
  const { keeps, foreign, bystander, target } = evidence;
  // The run created the bystander and sends nothing that deletes it before its clean-up.
  if (exchange.response?.status === 404)
    return fail(
      `expected ${bystander}, which the run created and has not deleted, to keep this part, got 404 after the writes to ${target} and its delete: gone`,
    );
  const body = succeededJson(exchange);
  if (body === undefined) return undefined;
  const lost = keeps.filter((v) => !containsValue(body, v));
  const gained = foreign.filter((v) => containsValue(body, v));
  if (gained.length) return fail(`expected ${bystander} to keep its own, got ${gained.map((v) => JSON.stringify(v)).join(', ')}, written to ${target}`);
  if (lost.length)
    return fail(
      `expected ${bystander} to keep ${lost.map((v) => JSON.stringify(v)).join(', ')}, written to it before the writes to ${target} and its delete: gone`,
    );
  return pass(`${bystander} keeps its own`);
};

function succeededJson(ex: Exchange): unknown {
  return ex.response && ex.response.status >= 200 && ex.response.status < 300 ? (ex.response.json ?? null) : undefined;
}

/** The record the writes went to, read when its own DELETE answered 404:
 *  the run wrote it, read it, and sent nothing else that deletes it, so a
 *  404 here too means a write or delete of another record removed it. */
export interface Vanished {
  on: 'vanished';
  name: string;
}

export const stillThere: Check<Contained> = ({ exchange, evidence }) => {
  if (evidence.on !== 'vanished') return undefined;
  if (exchange.response?.status !== 404) return undefined;
  return fail(
    `expected ${evidence.name}, which the run created and had not deleted, to be there for its DELETE, got 404 on its read too: something the run sent for another record removed it`,
  );
};
