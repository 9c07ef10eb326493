// A duplicate create must leave the existing reseller unchanged, and a
// limits write must land on its own reseller only (data safety).
import { describeOutcome, succeeded } from '../../model/exchange.ts';
import type { Operation } from '../../spec/load.ts';
import type { RunContext } from '../context.ts';
import { SkipCase, type CaseRecorder } from '../recorder.ts';
import { buildRequest, usernameFor } from '../request.ts';
import { recordCreated, recordIntent } from '../creates.ts';
import { judgeExpected } from '../steps.ts';
import type { KindExecutor } from './kind.ts';

export const lifecycle: KindExecutor<'lifecycle'> = {
  name: 'lifecycle',
  execute(run, rec, op, suite) {
    return rec.planned.variant.type === 'duplicate' ? duplicate(run, rec, op, suite) : isolatedWrite(run, rec, op, suite);
  },
};

async function duplicate(run: RunContext, rec: CaseRecorder, op: Operation, suite: string): Promise<void> {
  const c = rec.planned;
  const username = usernameFor(run, c.target, suite)!;
  const get = run.spec.record.get;
  // The lifecycle's own read of the record, else a read of our own.
  let before: unknown = run.lifecycle.reads[get.operationId];
  if (before === undefined) {
    const read = await rec.send('admin', buildRequest(run, get, c, username));
    if (!succeeded(read)) throw new SkipCase(`the existing reseller could not be read (${describeOutcome(read)})`);
    before = read.response!.json;
  }
  const dup = { username, email: run.data.email(`${username}dup`), password: run.data.password('duplicate') };
  const ex = await rec.send('admin', { method: op.method, path: op.path, body: { json: dup } });
  const after = await rec.send('admin', buildRequest(run, get, c, username));
  rec.judge('SAFE-DUPLICATE-UNCHANGED', after, { before });
  judgeExpected(rec, op, ex);
}

/** A second reseller of the run's own looks on while the lifecycle's
 *  reseller gets a new limit: the write must show there, and only there. */
async function isolatedWrite(run: RunContext, rec: CaseRecorder, op: Operation, suite: string): Promise<void> {
  const c = rec.planned;
  const { create, get } = run.spec.record;
  const username = usernameFor(run, c.target, suite)!;
  const body = run.data.resellerCreate('bystander');
  recordIntent(run, create, body, suite);
  const created = await rec.send('admin', { method: create.method, path: create.path, body: { json: body } });
  recordCreated(run, create, body, created, suite);
  if (!succeeded(created)) throw new SkipCase(`the server did not create the second reseller (${describeOutcome(created)})`);
  const before = await rec.send('admin', buildRequest(run, get, c, body.username));
  if (!succeeded(before)) throw new SkipCase(`the second reseller could not be read (${describeOutcome(before)})`);
  const written = run.data.limitsUpdate('isolated');
  const ex = await rec.send('admin', { ...buildRequest(run, op, c, username), body: { json: written } });
  judgeExpected(rec, op, ex);
  if (!succeeded(ex)) return;
  rec.judge('LIFE-LIMITS-PERSIST', await rec.send('admin', buildRequest(run, get, c, username)), { written });
  rec.judge('LIFE-LIMITS-PERSIST', await rec.send('admin', buildRequest(run, get, c, body.username)), { bystanderBefore: before.response!.json });
}
