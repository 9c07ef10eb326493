// The list after every other suite: what the run's refused creates left.
import { expect, test } from 'vitest';
import { testRuns, type TestRun } from '../../../test/helpers/run-context.ts';
import { cleanupLedger } from '../cleanup.ts';
import { recordCreated, recordIntent } from '../creates.ts';
import { refusals } from './refusals.ts';

const open = testRuns();

const ID = 'listResellers.refusals.none-stored';

/** A create without its password, sent and recorded as the suites do. */
async function refusedCreate(t: TestRun): Promise<string> {
  const { spec, client } = t.run;
  const { password: _password, ...body } = t.run.data.resellerCreate('refused');
  recordIntent(t.run, spec.record.create, body, 'validation');
  const ex = await client.call('admin', { method: 'POST', path: '/resellers/', body: { json: body } });
  expect(ex.response?.status).toBe(400);
  recordCreated(t.run, spec.record.create, body, ex, 'validation');
  return body.username;
}

test('no create refused: nothing to look for, no request', async () => {
  const t = await open();
  await expect(refusals.execute(t.run, t.recorder(ID), t.op(ID), t.suite(ID))).rejects.toThrow('no create was refused in this run');
  expect(t.server.requestLog).toEqual([]);
});

test('a refused create not listed passes, and is settled for the clean-up', async () => {
  const t = await open();
  await refusedCreate(t);
  const rec = t.recorder(ID);
  await refusals.execute(t.run, rec, t.op(ID), t.suite(ID));
  expect(rec.findings.filter((f) => f.requirement === 'SAFE-REFUSED-NOT-APPLIED').map((f) => f.ok)).toEqual([true]);
  expect(rec.outcome()).toBe('passed');
  expect(t.run.ledger.refusals().every((r) => r.settled)).toBe(true);
});

test('a refused create the server stored all the same fails, naming it; the clean-up then deletes it', async () => {
  const t = await open({ server: { fault: 'create-validated-after-write' } });
  const username = await refusedCreate(t);
  const rec = t.recorder(ID);
  await refusals.execute(t.run, rec, t.op(ID), t.suite(ID));
  const [finding] = rec.findings.filter((f) => f.requirement === 'SAFE-REFUSED-NOT-APPLIED');
  expect(finding).toMatchObject({ ok: false, message: `expected no reseller whose create was refused, got ${username} (its create answered 400) listed` });
  expect(rec.outcome()).toBe('failed');
  expect((await cleanupLedger(t.run.client, t.run.spec, t.run.ledger, t.run.prefix)).deleted).toEqual([username]);
  expect(t.resellers()).toEqual(['partner1']);
});
