// After every other suite: what the run's refused creates left on the list,
// and what the validation fixture's refused writes left on its parts.
import { expect, test } from 'vitest';
import { testRuns, type TestRun } from '../../../test/helpers/run-context.ts';
import { cleanupLedger } from '../cleanup.ts';
import { recordCreated, recordIntent } from '../creates.ts';
import { SUITES } from '../../cases/kinds/index.ts';
import { setUpSuite } from '../fixtures.ts';
import { refusals } from './refusals.ts';
import { validation } from './validation.ts';

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

const PARTS = 'getResellerLimits.refusals.fixture-parts';
const WRITES = ['updateResellerLimits.validation.type-max_domains', 'addResellerIp.validation.invalid-ip-2', 'addResellerIp.validation.unusual-1'];

/** The validation suite's fixture, and some of its writes to it, run as the suite runs them. */
async function validationWrites(t: TestRun): Promise<void> {
  const suite = t.suite(WRITES[0]);
  await setUpSuite(
    t.run,
    SUITES.find((s) => s.name === suite)!,
  );
  for (const id of WRITES) await validation.execute(t.run, t.recorder(id), t.op(id), suite);
}

test("the validation fixture's parts: no refused write to them, no request", async () => {
  const t = await open();
  await expect(refusals.execute(t.run, t.recorder(PARTS), t.op(PARTS), t.suite(PARTS))).rejects.toThrow('no write to the validation fixture was refused');
  expect(t.server.requestLog).toEqual([]);
});

test("the validation fixture's parts, read after its refused writes: nothing they sent shows on a correct server; a server that stored them fails, naming what", async () => {
  for (const fault of [undefined, 'limits-validated-after-write', 'ip-validated-after-write'] as const) {
    const t = await open({ server: { fault } });
    await validationWrites(t);
    const rec = t.recorder(PARTS);
    await refusals.execute(t.run, rec, t.op(PARTS), t.suite(PARTS));
    const name = t.run.fixtureWrites.username!;
    expect(t.server.requestLog.slice(-2).map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /api/v1/resellers/${name}/limits`,
      `GET /api/v1/resellers/${name}/ips`,
    ]);
    const judged = rec.findings.filter((f) => f.requirement === 'SAFE-REFUSED-NOT-APPLIED');
    if (!fault) expect(judged.map((f) => f.ok)).toEqual([true, true]);
    else
      expect(judged.filter((f) => !f.ok).map((f) => f.message)).toEqual([
        fault === 'limits-validated-after-write'
          ? `expected a refused write to store nothing, got max_domains "many" after PUT /resellers/${name}/limits -> 400`
          : `expected a refused write to store nothing, got ip "not-an-ip" after POST /resellers/${name}/ips -> 400`,
      ]);
    expect(rec.outcome()).toBe(fault ? 'failed' : 'passed');
  }
});
