// Checks on the lifecycle's reseller beyond its positive steps: a duplicate
// create must not touch it, and a limits write must land on it alone (data
// safety).
import type { CaseKindModule } from './kind.ts';
import { isRecordPath, makeCase } from '../make.ts';
import { describeOutcome, succeeded } from '../../checks/expect.ts';
import { expectBystanderUnchanged, expectPersisted, expectUnchanged } from '../../checks/lifecycle.ts';
import type { RunContext } from '../../run/context.ts';
import { SkipCase, type CaseRecorder } from '../../run/recorder.ts';
import { buildRequest, usernameFor } from '../../run/request.ts';
import { recordCreated, recordIntent } from '../../run/creates.ts';
import { judgeExpected } from '../../run/steps.ts';
import type { Operation } from '../../spec/load.ts';

/** After the record's reads (phase 2), before any write changes it (phase 4). */
const AFTER_READS = 3;
/** After the positive writes (phase 4), whose read-backs it would race, and
 *  before the parts are removed (phase 5). */
const AFTER_WRITES = 4.5;

export const lifecycle: CaseKindModule<'lifecycle'> = {
  name: 'lifecycle',
  suite: 'lifecycle',
  summary: 'a duplicate create leaves the existing reseller unchanged; a limits write lands on its own reseller only',
  plan(spec) {
    const limits = spec.operations.find((o) => o.method === 'PUT' && o.hints.readBack === spec.record.get.operationId && !isRecordPath(o));
    return [
      // Two requests when the lifecycle has read the record already: the
      // CI gate affords it, and must stop a server that overwrites.
      makeCase(spec.record.create, 'lifecycle', 'duplicate', 'the username of an existing reseller', {
        credential: 'admin', target: 'lifecycle', variant: { type: 'duplicate' }, expect: { status: '4xx', requirement: 'VAL-DUPLICATE-4XX' }, extraRequirements: ['SAFE-DUPLICATE-UNCHANGED'], profile: 'default', cost: 2, phase: AFTER_READS,
      }),
      ...(limits
        ? [makeCase(limits, 'lifecycle', 'isolated', 'a write lands on its own reseller only', {
            credential: 'admin', target: 'lifecycle', variant: { type: 'isolated-write' }, expect: { status: '2xx', requirement: limits.hints.requirement }, extraRequirements: ['LIFE-LIMITS-PERSIST'], profile: 'certify', cost: 7, phase: AFTER_WRITES,
          })]
        : []),
    ];
  },
  execute(run, rec, op) {
    return rec.planned.variant.type === 'duplicate' ? duplicate(run, rec, op) : isolatedWrite(run, rec, op);
  },
};

async function duplicate(run: RunContext, rec: CaseRecorder, op: Operation): Promise<void> {
  const c = rec.planned;
  const username = usernameFor(run, c.target, lifecycle.suite)!;
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
  rec.judge(expectUnchanged(before, after), after);
  judgeExpected(rec, op, ex);
}

/** A second reseller of the run's own looks on while the lifecycle's
 *  reseller gets a new limit: the write must show there, and only there. */
async function isolatedWrite(run: RunContext, rec: CaseRecorder, op: Operation): Promise<void> {
  const c = rec.planned;
  const { create, get } = run.spec.record;
  const username = usernameFor(run, c.target, lifecycle.suite)!;
  const body = run.data.resellerCreate('bystander');
  recordIntent(run, create, body, lifecycle.suite);
  const created = await rec.send('admin', { method: create.method, path: create.path, body: { json: body } });
  recordCreated(run, create, body, created, lifecycle.suite);
  if (!succeeded(created)) throw new SkipCase(`the server did not create the second reseller (${describeOutcome(created)})`);
  const before = await rec.send('admin', buildRequest(run, get, c, body.username));
  if (!succeeded(before)) throw new SkipCase(`the second reseller could not be read (${describeOutcome(before)})`);
  const written = run.data.limitsUpdate('isolated');
  const ex = await rec.send('admin', { ...buildRequest(run, op, c, username), body: { json: written } });
  judgeExpected(rec, op, ex);
  if (!succeeded(ex)) return;
  rec.judge(expectPersisted(await rec.send('admin', buildRequest(run, get, c, username)), written));
  rec.judge(expectBystanderUnchanged(before, await rec.send('admin', buildRequest(run, get, c, body.username))));
}
