// The case recorder: the passive checks judge every answer it sends; a
// requirement judged by name adds findings at the catalogue's level, pointing
// at the exchange; every check that judged is counted as reached.
import { expect, test } from 'vitest';
import { testRuns } from '../../test/helpers/run-context.ts';
import { exchange } from '../../test/helpers/check-context.ts';
import type { RequirementId } from '../checks/registry.ts';
import { CaseRecorder, SkipCase } from './recorder.ts';

const open = testRuns();

const ME = { method: 'GET', path: '/auth/me' };

test('every send is recorded and judged by the passive checks, each finding pointing at its exchange', async () => {
  const t = await open();
  const rec = t.recorder('getCurrentUser.positive.ok');
  const first = await rec.send('admin', ME);
  const second = await rec.send('admin', { method: 'GET', path: '/resellers/' });
  expect(rec.exchanges).toEqual([first, second]);
  expect(first.response?.status).toBe(200);
  const passive = ['HTTP-JSON-BODY', 'HTTP-JSON-CONTENT-TYPE', 'HTTP-NO-5XX', 'RL-HEADERS'];
  for (const [i] of rec.exchanges.entries()) {
    const mine = rec.findings.filter((f) => f.exchange === i);
    expect(mine.map((f) => f.requirement)).toEqual(expect.arrayContaining(passive));
    expect(mine.every((f) => f.ok)).toBe(true);
  }
  expect(rec.findings.find((f) => f.requirement === 'HTTP-JSON-BODY')!.level).toBe('documented');
  expect(rec.findings.find((f) => f.requirement === 'HTTP-JSON-CONTENT-TYPE')!.level).toBe('inferred');
  expect(t.run.reached).toContain('HTTP-JSON-BODY json_body');
  expect(t.run.reached).toContain('RL-HEADERS rate_limit_headers');
  expect(rec.result()).toMatchObject({ id: 'getCurrentUser.positive.ok', outcome: 'passed', exchanges: [first, second] });
});

test('a failed passive finding counts by its level: an inferred one fails the case only under --strict', async () => {
  for (const strict of [false, true]) {
    const t = await open({ server: { fault: 'content-type-html' }, input: { strict } });
    const rec = t.recorder('getCurrentUser.positive.ok');
    await rec.send('admin', ME);
    expect(rec.findings.find((f) => f.requirement === 'HTTP-JSON-CONTENT-TYPE')).toMatchObject({ ok: false, level: 'inferred', exchange: 0 });
    expect(rec.outcome()).toBe(strict ? 'failed' : 'passed');
  }
});

test("judge(): a requirement judged by its checks, at the catalogue's level, on the exchange given", async () => {
  const t = await open();
  const rec = t.recorder('listResellers.positive.ok');
  await rec.send('admin', ME);
  const list = await rec.send('admin', { method: 'GET', path: '/resellers/' });
  const before = rec.findings.length;
  const added = rec.judge('LIFE-LIST-CONTAINS', list, { username: 'partner1' });
  expect(added).toEqual([{ requirement: 'LIFE-LIST-CONTAINS', level: 'documented', ok: true, message: expect.any(String), exchange: 1 }]);
  expect(rec.findings.slice(before)).toEqual(added);
  expect(t.run.reached).toContain('LIFE-LIST-CONTAINS list_contains_created');
  expect(rec.outcome()).toBe('passed');
  // A name the list does not show: a failure, and the case fails.
  const [missing] = rec.judge('LIFE-LIST-CONTAINS', list, { username: 'nobody-by-that-name' });
  expect(missing).toMatchObject({ ok: false, exchange: 1 });
  expect(rec.outcome()).toBe('failed');
  expect(rec.result('skipped', 'because').outcome).toBe('skipped');
});

test('judge() on an exchange the case did not send: the finding points at none', async () => {
  const t = await open();
  const rec = t.recorder('listResellers.positive.ok');
  const foreign = exchange(200, [{ username: 'partner1' }]);
  expect(rec.judge('LIFE-LIST-CONTAINS', foreign, { username: 'partner1' })).toEqual([expect.objectContaining({ ok: true, exchange: undefined })]);
});

test('a requirement no check judges, or one the catalogue does not know, is an error of ours', async () => {
  const t = await open();
  const rec = t.recorder('getCurrentUser.positive.ok');
  const ex = await rec.send('admin', ME);
  expect(() => rec.judge('NO-SUCH-REQUIREMENT' as RequirementId as 'RL-RECOVERY', ex)).toThrow('no check judges requirement NO-SUCH-REQUIREMENT');
  const withoutCatalogue = new CaseRecorder(t.planned('getCurrentUser.positive.ok'), { ...t.run, requirements: new Map() });
  await expect(withoutCatalogue.send('admin', ME)).rejects.toThrow(/^check names unknown requirement /);
});

test("judgeExpected(): the expected answer's requirement, and whether a request that cannot be valid was served", async () => {
  const basic = { ...ME, authorization: `Basic ${Buffer.from('someone:password').toString('base64')}` };
  for (const fault of [undefined, 'auth-basic-accepted']) {
    const t = await open({ server: { fault } });
    const rec = t.recorder('getCurrentUser.auth.basic');
    expect(rec.planned.expect).toMatchObject({ requirement: 'AUTH-MALFORMED-401', neverServed: 'SAFE-INVALID-REFUSED' });
    const ex = await rec.send('invalid', basic);
    rec.judgeExpected(ex);
    const judged = rec.findings.filter((f) => f.requirement === 'AUTH-MALFORMED-401' || f.requirement === 'SAFE-INVALID-REFUSED');
    expect(judged.map((f) => [f.requirement, f.ok])).toEqual([
      ['AUTH-MALFORMED-401', !fault],
      ['SAFE-INVALID-REFUSED', !fault],
    ]);
    expect(rec.outcome()).toBe(fault ? 'failed' : 'passed');
  }
});

test("a direct send goes past the budget (the rate-limit test's burst), and is judged all the same", async () => {
  const t = await open();
  const rec = t.recorder('getCurrentUser.rate-limit.exceed');
  await rec.send('admin', ME);
  expect(t.run.budgets.admin.sent).toBe(1);
  const direct = await rec.send('admin', ME, t.run.client, true);
  expect(t.run.budgets.admin.sent).toBe(1);
  expect(direct.response?.status).toBe(200);
  expect(rec.findings.filter((f) => f.exchange === 1).length).toBeGreaterThan(0);
});

test('SkipCase is an Error with its reason', () => {
  const skip = new SkipCase('blocked: no reseller key');
  expect(skip).toBeInstanceOf(Error);
  expect(skip.message).toBe('blocked: no reseller key');
});
