// The steps every kind of case is made of: send what the case says (keeping
// the ledger true), refuse to judge answers that say nothing, judge the
// expectation.
import type { Exchange } from '../model/exchange.ts';
import type { PlannedCase } from '../model/case.ts';
import type { Operation } from '../spec/load.ts';
import { statusMatches } from '../model/exchange.ts';
import { positiveBodies } from '../../fixtures/bodies.ts';
import type { RunContext } from './context.ts';
import { SkipCase, type CaseRecorder } from './recorder.ts';
import { buildRequest, dataLabel, usernameFor } from './request.ts';
import { recordCreated, recordDeleteAnswer, recordDeleteIntent, withIntent } from './creates.ts';

/** A 429 the budget could not wait out says nothing about the server's
 *  answer to the request. */
export function skipIfRateLimited(ex: Exchange): void {
  if (ex.response?.status === 429) throw new SkipCase('rate limited (429) even after waiting for the reset: not judged');
}

/** Answers that say nothing about what the case tests: never a pass, never a failure. */
export function guardJudgeable(c: PlannedCase, op: Operation, ex: Exchange): void {
  skipIfRateLimited(ex);
  const status = ex.response?.status;
  if (status === 401 && c.expect.status !== 401 && (c.credential === 'admin' || c.credential === 'reseller')) {
    throw new SkipCase('the server answered 401 to a valid key: not judged');
  }
  if (op.hints.body === 'undocumented' && (status === 400 || status === 422) && !statusMatches(status, c.expect.status)) {
    throw new SkipCase(`the server refused our guess of the undocumented request body (${status}): not judged`);
  }
}

/** Sends the case's request with its credential; a create is in the ledger
 *  before it leaves. */
export async function sendCase(run: RunContext, rec: CaseRecorder, op: Operation, suite: string): Promise<Exchange> {
  const c = rec.planned;
  if (c.credential === 'reseller' && !run.roles.client) throw new SkipCase(run.roles.unusable ?? 'blocked: no reseller key');
  const username = usernameFor(run, c.target, suite);
  const req = buildRequest(run, op, c, username);
  // What a create may create: the body sent, or the positive body a raw
  // (malformed, form-encoded) variant was made from.
  const sent = req.body && 'json' in req.body ? req.body.json : positiveBodies[op.operationId]?.(run.data, dataLabel(c, op));
  const probe = !statusMatches(200, c.expect.status);
  recordDeleteIntent(run, op, username, probe);
  const ex = await rec.send(c.credential, withIntent(run, op, sent, suite, req), c.credential === 'reseller' ? run.roles.client : undefined);
  recordCreated(run, op, sent, ex, suite);
  recordDeleteAnswer(run, op, username, ex, probe);
  return ex;
}

/** The case's expectation, on an answer that can judge it. */
export function judgeExpected(rec: CaseRecorder, op: Operation, ex: Exchange): void {
  guardJudgeable(rec.planned, op, ex);
  rec.judgeExpected(ex);
}

export async function sendAndJudge(run: RunContext, rec: CaseRecorder, op: Operation, suite: string): Promise<void> {
  judgeExpected(rec, op, await sendCase(run, rec, op, suite));
}
