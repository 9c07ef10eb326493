// Positive cases of every operation, in the order a reseller's life allows:
// create, read, write and read back, remove parts, delete, confirm it is gone.
import type { CaseKindModule } from './kind.ts';
import type { LoadedSpec, Operation } from '../../spec/load.ts';
import type { Expectation, FollowUp } from '../../model/case.ts';
import { lifecyclePhase, makeCase } from '../make.ts';
import { expectAbsent, expectReadBack, expectSchema, succeeded } from '../../checks/expect.ts';
import { expectGoneFromGet, expectGoneFromList, expectListed, expectPersisted } from '../../checks/lifecycle.ts';
import type { RunContext } from '../../run/context.ts';
import type { CaseRecorder } from '../../run/recorder.ts';
import { REPLICA_LAG_MS, sendUntil } from '../../run/cleanup.ts';
import type { Exchange } from '../../model/exchange.ts';
import type { Verdict } from '../../checks/types.ts';
import { buildRequest, usernameFor } from '../../run/request.ts';
import { recordCreated, recordIntent } from '../../run/creates.ts';
import { guardJudgeable, judgeExpected } from '../../run/steps.ts';

export const positive: CaseKindModule<'positive'> = {
  name: 'positive',
  suite: 'lifecycle',
  summary: 'every operation with a valid request, along one reseller\'s life, with read-backs',
  plan(spec) {
    const ops = spec.operations.filter((o) => o.hints.positive !== false && o.hints.target !== 'user');
    const sorted = ops.map((op, i) => ({ op, i })).sort((a, b) => lifecyclePhase(a.op) - lifecyclePhase(b.op) || a.i - b.i);
    return sorted.map(({ op }) => {
      const documentedShape = op.responses[op.successStatus]?.schema !== undefined;
      const expect: Expectation = { status: documentedShape ? op.successStatus : '2xx', requirement: op.hints.requirement };
      const extra: string[] = [];
      let cost = 1;
      let then: FollowUp | undefined;
      if (op.hints.readBack) {
        extra.push(op.method === 'DELETE' ? 'LIFE-IP-REMOVED' : readsBackFieldByField(spec, op) ? 'LIFE-LIMITS-PERSIST' : readBackRequirement(op));
        cost++;
      }
      if (op === spec.record.list) {
        extra.push('LIFE-LIST-CONTAINS');
        then = 'list-contains';
      }
      if (op === spec.record.remove) {
        extra.push('LIFE-DELETE-GONE');
        then = 'confirm-gone';
        cost += 2;
      }
      return makeCase(op, 'positive', 'ok', 'a valid request', {
        credential: 'admin', target: op.hints.target === 'reseller' ? 'lifecycle' : 'none', variant: { type: 'positive', then }, expect, profile: 'default', extraRequirements: extra, cost, phase: lifecyclePhase(op),
      });
    });
  },
  async execute(run, rec, op) {
    const c = rec.planned;
    const username = usernameFor(run, c.target, positive.suite);
    const req = buildRequest(run, op, c, username);
    const written = req.body && 'json' in req.body ? req.body.json : undefined;
    recordIntent(run, op, written, positive.suite);
    const ex = await rec.send('admin', req);
    recordCreated(run, op, written, ex, positive.suite);
    judgeExpected(rec, op, ex);
    rec.judge(expectSchema(run.validators, op.operationId, ex, c.expect.requirement));
    if (!succeeded(ex)) return;

    if (op.method === 'GET') run.lifecycle.reads[op.operationId] = ex.response!.json;
    if (op.creates) run.lifecycle.username = (written as { username: string }).username;
    // A value another operation takes as a path parameter (the IP added).
    const yielded = op.hints.yields && (written as Record<string, unknown> | undefined)?.[op.hints.yields];
    if (typeof yielded === 'string') run.lifecycle.yielded[op.hints.yields!] = yielded;
    if (c.variant.type === 'positive' && c.variant.then === 'list-contains' && run.lifecycle.username) rec.judge(expectListed(ex, run.lifecycle.username));
    if (op.hints.readBack) await readBack(run, rec, op, written);
    if (c.variant.type === 'positive' && c.variant.then === 'confirm-gone') await confirmGone(run, rec, username!);
  },
};

async function readBack(run: RunContext, rec: CaseRecorder, op: Operation, written: unknown): Promise<void> {
  const reader = run.spec.byId.get(op.hints.readBack!)!;
  const ex = await rec.send('admin', buildRequest(run, reader, { ...rec.planned, variant: { type: 'positive' } }, run.lifecycle.username));
  guardJudgeable(rec.planned, reader, ex);
  if (op.method === 'DELETE') {
    // The path named the part removed: it must be gone from the list.
    const name = Object.keys(run.lifecycle.yielded).find((p) => op.path.includes(`{${p}}`))!;
    rec.judge(expectAbsent(ex, run.lifecycle.yielded[name]!, 'LIFE-IP-REMOVED'));
    delete run.lifecycle.yielded[name];
  } else if (readsBackFieldByField(run.spec, op)) {
    rec.judge(expectPersisted(ex, written as Record<string, unknown>));
  } else {
    const guessed = op.hints.body === 'undocumented' ? { before: run.lifecycle.reads[reader.operationId] } : undefined;
    rec.judge(expectReadBack(ex, written, readBackRequirement(op), guessed));
  }
}

/** A write whose body the vendor showed must take effect (standard); where
 *  the body is our guess, a conforming server may ignore it (a convention). */
function readBackRequirement(op: Operation): string {
  return op.hints.body === 'undocumented' ? 'LIFE-GUESSED-READ-BACK' : 'LIFE-WRITE-READ-BACK';
}

/** Both the body written and the record read back are documented: the
 *  write is compared field by field (a documented failure), not searched for. */
export function readsBackFieldByField(spec: LoadedSpec, op: Operation): boolean {
  const reader = op.hints.readBack ? spec.byId.get(op.hints.readBack) : undefined;
  return op.hints.body === 'documented' && reader?.responses[reader.successStatus]?.schema !== undefined;
}

/** A replica may still show a deleted record for a moment: it must be gone
 *  within the lag the clean-up allows too, not at the first look. */
async function confirmGone(run: RunContext, rec: CaseRecorder, username: string): Promise<void> {
  const { get, list } = run.spec.record;
  const deadline = Date.now() + REPLICA_LAG_MS;
  const look = async (op: Operation, name: string | undefined, judge: (ex: Exchange) => Verdict) => {
    const ex = await sendUntil(deadline - Date.now(), () => rec.send('admin', buildRequest(run, op, rec.planned, name)), (answer) => judge(answer).ok);
    return { ex, verdict: judge(ex) };
  };
  // Two reads of the same state: side by side, judged in one order.
  const [fromGet, fromList] = await Promise.all([look(get, username, expectGoneFromGet), look(list, undefined, (ex) => expectGoneFromList(ex, username))]);
  rec.judge(fromGet.verdict, fromGet.ex);
  rec.judge(fromList.verdict, fromList.ex);
  const verdict = fromGet.verdict;
  if (verdict.ok) {
    run.ledger.deleted(username);
    run.lifecycle.username = undefined;
  }
}
