// The lifecycle kind's data-safety cases: a duplicate create must leave the
// existing reseller unchanged, and a limits write must land on its own
// reseller only, watched by a second reseller of the run's own.
import { afterEach, describe, expect, test } from 'vitest';
import { openTestRun, type TestRun, type TestRunOptions } from '../../../test/helpers/run-context.ts';
import type { CaseRecorder } from '../recorder.ts';
import { SkipCase } from '../recorder.ts';
import { lifecycle } from './lifecycle.ts';
import { positive } from './positive.ts';

const opened: TestRun[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
});

/** A run whose lifecycle reseller exists (its create ran). */
async function withReseller(opts: TestRunOptions = {}): Promise<TestRun> {
  const t = await openTestRun(opts);
  opened.push(t);
  const id = 'createReseller.positive.ok';
  await positive.execute(t.run, t.recorder(id), t.op(id), t.suite(id));
  expect(t.run.lifecycle.username).toBeDefined();
  return t;
}

async function run(t: TestRun, id: string): Promise<CaseRecorder> {
  const rec = t.recorder(id);
  await lifecycle.execute(t.run, rec, t.op(id), t.suite(id));
  return rec;
}

const judged = (rec: CaseRecorder, ...requirements: string[]) => rec.findings.filter((f) => requirements.includes(f.requirement)).map((f) => [f.requirement, f.ok, f.exchange]);
const DUPLICATE = 'createReseller.lifecycle.duplicate';
const ISOLATED = 'updateResellerLimits.lifecycle.isolated';

describe('the duplicate create', () => {
  test('refused, and the existing reseller unchanged: read before (its own read when the lifecycle has none) and after', async () => {
    const t = await withReseller();
    expect(lifecycle.name).toBe('lifecycle');
    const username = t.run.lifecycle.username!;
    const rec = await run(t, DUPLICATE);
    expect(rec.exchanges.map((ex) => `${ex.request.method} ${ex.request.path} ${ex.response?.status}`)).toEqual([`GET /resellers/${username} 200`, 'POST /resellers/ 409', `GET /resellers/${username} 200`]);
    expect((JSON.parse(rec.exchanges[1]!.request.body!) as { username: string }).username).toBe(username);
    expect(judged(rec, 'SAFE-DUPLICATE-UNCHANGED', 'VAL-DUPLICATE-4XX')).toEqual([['SAFE-DUPLICATE-UNCHANGED', true, 2], ['VAL-DUPLICATE-4XX', true, 1]]);
    expect(rec.outcome()).toBe('passed');
    // The lifecycle's own read is used when there is one.
    t.run.lifecycle.reads.getReseller = rec.exchanges[0]!.response!.json;
    expect((await run(t, DUPLICATE)).exchanges.map((ex) => ex.request.method)).toEqual(['POST', 'GET']);
  });

  test('a server that overwrites the existing reseller fails SAFE-DUPLICATE-UNCHANGED', async () => {
    const t = await withReseller({ server: { fault: 'duplicate-create-overwrites' } });
    const rec = await run(t, DUPLICATE);
    expect(judged(rec, 'SAFE-DUPLICATE-UNCHANGED')).toEqual([['SAFE-DUPLICATE-UNCHANGED', false, 2]]);
    expect(rec.outcome()).toBe('failed');
  });

  test('without the lifecycle\'s reseller, it is blocked', async () => {
    const t = await openTestRun();
    opened.push(t);
    await expect(run(t, DUPLICATE)).rejects.toThrow(SkipCase);
    expect(t.server.requestLog).toEqual([]);
  });
});

describe('the isolated limits write', () => {
  test('lands on its own reseller only: the bystander, a reseller of the run\'s own in the ledger, unchanged', async () => {
    const t = await withReseller();
    const rec = await run(t, ISOLATED);
    expect(rec.exchanges.map((ex) => `${ex.request.method} ${ex.response?.status}`)).toEqual(['POST 201', 'GET 200', 'PUT 200', 'GET 200', 'GET 200']);
    const bystander = (JSON.parse(rec.exchanges[0]!.request.body!) as { username: string }).username;
    expect(bystander).not.toBe(t.run.lifecycle.username);
    expect(t.run.ledger.pending('lifecycle').map((e) => e.username)).toContain(bystander);
    const persist = judged(rec, 'LIFE-LIMITS-PERSIST');
    expect(persist.length).toBeGreaterThanOrEqual(2);
    expect(persist.every(([, ok]) => ok)).toBe(true);
    expect(new Set(persist.map(([, , at]) => at))).toEqual(new Set([3, 4]));
    expect(rec.outcome()).toBe('passed');
  });

  test('a server that writes onto another reseller fails LIFE-LIMITS-PERSIST', async () => {
    const t = await withReseller({ server: { fault: 'limits-put-other-reseller' } });
    const rec = await run(t, ISOLATED);
    expect(judged(rec, 'LIFE-LIMITS-PERSIST').some(([, ok]) => ok === false)).toBe(true);
    expect(rec.outcome()).toBe('failed');
  });
});
