// Keys the run issues for resellers of its own (the role suite's, the key
// suite's): the admin's issue, what its 201 is judged on, the client that
// sends with the new key, and the key's end with its reseller.
import { describeOutcome, succeeded, type Exchange } from '../model/exchange.ts';
import type { ApiClient, ApiRequest } from '../http/client.ts';
import type { Operation } from '../spec/load.ts';
import type { RunContext } from './context.ts';
import { SkipCase, type CaseRecorder } from './recorder.ts';
import { buildRequest } from './request.ts';
import { operationPath } from './paths.ts';
import { recordDeleteAnswer, recordDeleteIntent } from './creates.ts';
import { REPLICA_LAG_MS, sendUntil } from './cleanup.ts';
import { judgeExpected } from './steps.ts';

/** What the admin asks for when it issues a key. */
export interface KeyRequest {
  name: string;
  permissions?: string[];
  ip_whitelist: string[];
  expires_in: number;
}

/** The admin issues a key for `username` (POST of `op`, the case's
 *  expectation judged on its 201), and every documented property of the
 *  201 is judged; the secret, or undefined when none was issued. The client
 *  registers the secret with the redactor before anything records it. */
export async function issueKey(
  rec: CaseRecorder,
  run: RunContext,
  op: Operation,
  username: string,
  asked: KeyRequest,
  idempotencyKey?: string,
): Promise<{ ex: Exchange; request: ApiRequest; secret?: string }> {
  const request: ApiRequest = {
    ...buildRequest(run, op, rec.planned, username),
    body: { json: asked },
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
  };
  const ex = await rec.send('admin', request);
  // The admin's own key may be scoped narrower than all: that is the
  // user's key, not the panel's fault.
  if (ex.response?.status === 403)
    throw new SkipCase(`the admin key may not issue keys (${describeOutcome(ex)}): a key scoped narrower than "all"? Not judged`);
  judgeExpected(rec, op, ex);
  const secret = (ex.response?.json as { secret_key?: unknown } | undefined)?.secret_key;
  if (!succeeded(ex) || typeof secret !== 'string') return { ex, request };
  judgeIssuedKey(rec, ex, asked);
  return { ex, request, secret };
}

/** What a 201 says of the key it issued, against what was asked. */
function judgeIssuedKey(rec: CaseRecorder, ex: Exchange, asked: KeyRequest): void {
  rec.judge('KEY-SECRET-FORM', ex);
  rec.judge('KEY-SECRET-LOWERCASE', ex);
  rec.judge('KEY-PREFIX-MATCH', ex);
  rec.judge('KEY-EXPIRES-DAYS', ex, { days: asked.expires_in });
  if (asked.permissions === undefined) rec.judge('KEY-DEFAULT-READ', ex);
}

/** Sends with a key the run just issued. Each new key has a budget of its
 *  own on the server and sends a handful of requests: past the run's
 *  budgets (which follow the admin's and the given reseller key's). */
export function sendWithKey(rec: CaseRecorder, client: ApiClient, req: ApiRequest): Promise<Exchange> {
  return rec.send('reseller', req, client, true);
}

/** Sends with a key the run issued that the server should not honour (its
 *  reseller deleted, sent from outside its whitelist): a panel counts it
 *  with the other traffic of this address, so it is sent, and counted, as a
 *  key the server does not know ('invalid'). */
export function sendWithRefusedKey(rec: CaseRecorder, secret: string, req: ApiRequest): Promise<Exchange> {
  return rec.send('invalid', { ...req, authorization: `Bearer ${secret}` });
}

/** The admin deletes the key's reseller (the run's own), and the key must
 *  stop working (sendWithRefusedKey). A replica may lag: a 2xx is asked
 *  again until the lag has passed. */
export async function deleteOwnerThenTryKey(run: RunContext, rec: CaseRecorder, op: Operation, owner: { secret: string; username: string }): Promise<void> {
  const remove = run.spec.record.remove;
  recordDeleteIntent(run, remove, owner.username);
  const removed = await rec.send('admin', { method: remove.method, path: operationPath(remove, { username: owner.username }) });
  recordDeleteAnswer(run, remove, owner.username, removed);
  if (!succeeded(removed)) throw new SkipCase(`the admin could not delete the key's reseller (${describeOutcome(removed)}): not judged`);
  const ex = await sendUntil(
    REPLICA_LAG_MS,
    () => sendWithRefusedKey(rec, owner.secret, { method: op.method, path: op.path }),
    (answer) => !succeeded(answer),
  );
  judgeExpected(rec, op, ex);
}
