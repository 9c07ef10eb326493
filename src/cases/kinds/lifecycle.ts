// Checks on the lifecycle's reseller beyond its positive steps: a duplicate
// create must not touch it (data safety).
import type { CaseKindModule } from './kind.ts';
import { makeCase } from '../make.ts';
import { describeOutcome } from '../../checks/expect.ts';
import { expectUnchanged } from '../../checks/lifecycle.ts';
import { SkipCase } from '../../run/recorder.ts';
import { buildRequest, usernameFor } from '../../run/request.ts';
import { judgeExpected } from '../../run/steps.ts';

/** After the record's reads (phase 2), before any write changes it (phase 4). */
const AFTER_READS = 3;

export const lifecycle: CaseKindModule<'lifecycle'> = {
  name: 'lifecycle',
  suite: 'lifecycle',
  summary: 'a duplicate create of the lifecycle\'s reseller must leave it unchanged',
  plan: (spec) => [
    makeCase(spec.record.create, 'lifecycle', 'duplicate', 'the username of an existing reseller', {
      credential: 'admin', target: 'lifecycle', variant: { type: 'duplicate' }, expect: { status: '4xx', requirement: 'SAFE-DUPLICATE-REFUSED' }, profile: 'certify', cost: 3, phase: AFTER_READS,
    }),
  ],
  async execute(run, rec, op) {
    const c = rec.planned;
    const username = usernameFor(run, c.target, lifecycle.suite)!;
    const get = run.spec.record.get;
    const before = await rec.send('admin', buildRequest(run, get, c, username));
    if (before.response?.status !== 200) throw new SkipCase(`the existing reseller could not be read (${describeOutcome(before)})`);
    const dup = { username, email: run.data.email(`${username}dup`), password: run.data.password('duplicate') };
    const ex = await rec.send('admin', { method: op.method, path: op.path, body: { json: dup } });
    judgeExpected(rec, op, ex);
    const after = await rec.send('admin', buildRequest(run, get, c, username));
    rec.judge(expectUnchanged(before, after));
  },
};
