// Every create keeps the ledger true: an intent the moment it is sent (none
// for one never sent), then the record, or nothing when the server refused it; so does every delete of a
// record: the intent before it is sent (a record the run means to delete
// is no bystander of its writes any more, unless the server refused).
import type { Exchange } from '../model/exchange.ts';
import type { ApiRequest } from '../http/client.ts';
import type { Operation } from '../spec/load.ts';
import { succeeded } from '../model/exchange.ts';
import type { RunContext } from './context.ts';
import type { Ledger } from './ledger.ts';
import { refusalsShownBy } from '../checks/refused.ts';

/** Before a create leaves: whatever it may create is in the ledger, under
 *  the suite that cleans it up (`owner`). */
export function recordIntent(run: RunContext, op: Operation, body: unknown, owner: string): void {
  if (!op.creates) return;
  const b = body as { username?: unknown; email?: unknown } | undefined;
  if (typeof b?.username === 'string' && b.username !== '')
    run.ledger.intend({ username: b.username, email: typeof b.email === 'string' ? b.email : undefined, owner });
}

/** The request, its intent recorded the moment it leaves (each time):
 *  a create the run stopped before it was sent leaves nothing to clean up. */
export function withIntent(run: RunContext, op: Operation, body: unknown, owner: string, req: ApiRequest): ApiRequest {
  return op.creates ? { ...req, onSend: () => recordIntent(run, op, body, owner) } : req;
}

/** After a create's answer: a 2xx puts the name the server used in the
 *  ledger; a 4xx settles the intent (nothing was created), unless the
 *  create was sent again after a proxy's 5xx or a reset: the first may have
 *  landed, and the clean-up looks for it as for a create never answered. */
export function recordCreated(run: RunContext, op: Operation, body: unknown, ex: Exchange, owner: string): void {
  if (!op.creates) return;
  const sent = body as { username?: unknown; email?: unknown } | undefined;
  const status = ex.response?.status ?? 0;
  if (status >= 400 && status < 500 && !ex.transientRetries && typeof sent?.username === 'string') run.ledger.refused(sent.username, status);
  if (!succeeded(ex)) return;
  const answered = (ex.response!.json as { username?: unknown } | undefined)?.username;
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the username as sent, whatever its JSON type
  const username = createdName(run, String(sent?.username ?? ''), answered);
  if (username !== '') run.ledger.created({ username, email: typeof sent?.email === 'string' ? sent.email : undefined, owner });
}

/** The name a create answered 2xx put on the panel, as the clean-up will
 *  delete it: the answer's where it is a new name of the run's (a panel
 *  may shorten or normalise it), else the one sent. An answer naming
 *  another's record (a stale copy: partner1), or one the run made before,
 *  never puts that record in the ledger. */
function createdName(run: RunContext, sent: string, answered: unknown): string {
  if (typeof answered !== 'string' || answered === sent || !answered.startsWith(run.prefix)) return sent;
  return run.ledger.pending().some((e) => e.created && e.username === answered) ? sent : answered;
}

/** Before a request that may delete a record of the run's own: its intent,
 *  in the ledger. A probe the server must refuse (a reseller's key, no key)
 *  is no intent: its record stays a bystander of the run's writes, judged
 *  side by side meanwhile, unless the server did not refuse it. */
export function recordDeleteIntent(run: RunContext, op: Operation, username: string | undefined, probe = false): void {
  if (!probe && op === run.spec.record.remove && username !== undefined) run.ledger.deleting(username);
}

/** After its answer: a 4xx (a refused probe) deleted nothing; a probe that
 *  was not refused (or got no answer) may have. */
export function recordDeleteAnswer(run: RunContext, op: Operation, username: string | undefined, ex: Exchange, probe = false): void {
  if (op !== run.spec.record.remove || username === undefined) return;
  const status = ex.response?.status ?? 0;
  const refused = status >= 400 && status < 500;
  if (probe && !refused) run.ledger.deleting(username);
  else if (!probe && refused) run.ledger.kept(username);
}

/** After a list answer: each create refused before the list was sent is
 *  settled, absent, or stored after all (SAFE-REFUSED-NOT-APPLIED fails it),
 *  then in the ledger as created, for the clean-up to delete. */
export function settleRefusals(ledger: Ledger, list: Exchange): void {
  const shown = refusalsShownBy(
    list,
    ledger.refusals().filter((r) => !r.settled),
  );
  if (!shown) return;
  for (const refusal of shown.before) {
    const { username, email, owner } = refusal;
    if (shown.stored.includes(refusal)) ledger.created({ username, email, owner });
    else ledger.absent(username);
  }
}
