// A positive case against the lifecycle's reseller: its request, the
// expected answer and documented shape, then what it must leave behind (the
// list shows the new record, a write reads back, a removed part and a
// deleted record are gone).
import type { Exchange } from '../../model/exchange.ts';
import { succeeded } from '../../model/exchange.ts';
import type { Operation } from '../../spec/load.ts';
import { readBackRequirement, readsBackFieldByField } from '../../cases/kinds/positive.ts';
import type { RunContext } from '../context.ts';
import type { CaseRecorder } from '../recorder.ts';
import { REPLICA_LAG_MS, sendUntil } from '../cleanup.ts';
import { buildRequest, usernameFor } from '../request.ts';
import { recordCreated, recordIntent } from '../creates.ts';
import { guardJudgeable, judgeExpected } from '../steps.ts';
import { listedNames } from '../../checks/listed.ts';
import type { KindExecutor } from './kind.ts';

export const positive: KindExecutor<'positive'> = {
  name: 'positive',
  async execute(run, rec, op, suite) {
    const c = rec.planned;
    const username = usernameFor(run, c.target, suite);
    const req = buildRequest(run, op, c, username);
    const written = req.body && 'json' in req.body ? req.body.json : undefined;
    recordIntent(run, op, written, suite);
    const ex = await rec.send('admin', req);
    recordCreated(run, op, written, ex, suite);
    judgeExpected(rec, op, ex);
    if (!succeeded(ex)) return;

    if (op.method === 'GET') run.lifecycle.reads[op.operationId] = ex.response!.json;
    if (op.creates) run.lifecycle.username = (written as { username: string }).username;
    // A value another operation takes as a path parameter (the IP added).
    const yielded = op.hints.yields && (written as Record<string, unknown> | undefined)?.[op.hints.yields];
    if (typeof yielded === 'string') run.lifecycle.yielded[op.hints.yields!] = yielded;
    if (c.variant.type === 'positive' && c.variant.then === 'list-contains' && run.lifecycle.username) rec.judge('LIFE-LIST-CONTAINS', ex, { username: run.lifecycle.username });
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
    rec.judge('LIFE-IP-REMOVED', ex, { value: run.lifecycle.yielded[name]! });
    delete run.lifecycle.yielded[name];
  } else if (readsBackFieldByField(run.spec, op)) {
    rec.judge('LIFE-LIMITS-PERSIST', ex, { written: written as Record<string, unknown> });
  } else {
    const guessedBefore = op.hints.body === 'undocumented' ? { body: run.lifecycle.reads[reader.operationId] } : undefined;
    rec.judge(readBackRequirement(op), ex, { written, guessedBefore });
  }
}

/** A replica may still show a deleted record for a moment: it must be gone
 *  within the lag the clean-up allows too, not at the first look. */
async function confirmGone(run: RunContext, rec: CaseRecorder, username: string): Promise<void> {
  const { get, list } = run.spec.record;
  const deadline = Date.now() + REPLICA_LAG_MS;
  const look = (op: Operation, name: string | undefined, gone: (ex: Exchange) => boolean) =>
    sendUntil(deadline - Date.now(), () => rec.send('admin', buildRequest(run, op, rec.planned, name)), gone);
  // Two reads of the same state: side by side, judged in one order.
  const [fromGet, fromList] = await Promise.all([
    look(get, username, (ex) => ex.response?.status === 404),
    look(list, undefined, (ex) => !listedNames(ex).includes(username)),
  ]);
  rec.judge('LIFE-DELETE-GONE', fromGet, { username, read: 'record' });
  rec.judge('LIFE-DELETE-GONE', fromList, { username, read: 'list' });
  if (fromGet.response?.status === 404) {
    run.ledger.deleted(username);
    run.lifecycle.username = undefined;
  }
}
