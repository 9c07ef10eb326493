// The lifecycle kind's data-safety cases, each run where the suite runs it
// (after the lifecycle's steps before it in the plan, the bystander set up
// before the suites): a duplicate create must leave the existing reseller
// unchanged, and the list after the writes shows the run's other records as
// they were; the bystander, named like the lifecycle's reseller, keeps its
// parts; in certify, a record the run does not own carries nothing of ours.
import { describe, expect, test } from 'vitest';
import { testRuns, type TestRun, type TestRunOptions } from '../../../test/helpers/run-context.ts';
import { setUpRun } from '../fixtures.ts';
import type { CaseRecorder } from '../recorder.ts';
import { SkipCase } from '../recorder.ts';
import { executorOf } from './index.ts';
import { lifecycle } from './lifecycle.ts';
import { positive } from './positive.ts';
import { lifecycleUsername } from '../request.ts';

const open = testRuns();

/** A run set up as the CLI sets it up (the bystander first), with every
 *  case of the lifecycle suite that comes before `id` in the plan run. */
async function before(id: string, opts: TestRunOptions = {}): Promise<TestRun> {
  const t = await open(opts);
  await setUpRun(t.run);
  expect(t.run.bystander.username).toBeDefined();
  for (const c of t.run.plan.cases.filter((p) => t.suite(p.id) === 'lifecycle' && !p.disabled && !p.skip)) {
    if (c.id === id) return t;
    await executorOf(c.kind).execute(t.run, t.recorder(c.id), t.op(c.id), t.suite(c.id));
  }
  throw new Error(`${id} is not a case of the lifecycle suite`);
}

/** Runs one positive case of the run through its kind. */
async function step(t: TestRun, operationId: string): Promise<CaseRecorder> {
  const id = `${operationId}.positive.ok`;
  const rec = t.recorder(id);
  await positive.execute(t.run, rec, t.op(id), t.suite(id));
  return rec;
}

async function run(t: TestRun, id: string): Promise<CaseRecorder> {
  const rec = t.recorder(id);
  await lifecycle.execute(t.run, rec, t.op(id), t.suite(id));
  return rec;
}

const judged = (rec: CaseRecorder, ...requirements: string[]) =>
  rec.findings.filter((f) => requirements.includes(f.requirement)).map((f) => [f.requirement, f.ok, f.exchange]);
const sent = (rec: CaseRecorder) => rec.exchanges.map((ex) => `${ex.request.method} ${ex.request.path} ${ex.response?.status}`);
const DUPLICATE = 'createReseller.lifecycle.duplicate';
const CONTAINED = 'getReseller.lifecycle.contained';
const BEFORE = 'listResellers.lifecycle.before';
const OTHERS = 'listResellers.lifecycle.others';

describe('the duplicate create', () => {
  test('refused, then the list: the existing reseller as its last read showed it, the limits written shown there too, the bystander as before the writes', async () => {
    const t = await before(DUPLICATE);
    expect(lifecycle.name).toBe('lifecycle');
    const username = t.run.lifecycle.username!;
    const rec = await run(t, DUPLICATE);
    expect(sent(rec)).toEqual(['POST /resellers/ 409', 'GET /resellers/ 200']);
    expect((JSON.parse(rec.exchanges[0].request.body!) as { username: string }).username).toBe(username);
    expect(judged(rec, 'VAL-DUPLICATE-4XX', 'SAFE-DUPLICATE-UNCHANGED', 'LIFE-READS-AGREE', 'SAFE-WRITE-CONTAINED')).toEqual([
      ['SAFE-DUPLICATE-UNCHANGED', true, 1],
      ['LIFE-READS-AGREE', true, 1],
      ['SAFE-WRITE-CONTAINED', true, 1],
      ['VAL-DUPLICATE-4XX', true, 0],
    ]);
    expect(rec.findings.find((f) => f.requirement === 'SAFE-WRITE-CONTAINED')!.message).toContain(t.run.bystander.username!);
    expect(t.run.lifecycle.lists.afterWrites).toBe(rec.exchanges[1]);
    expect(rec.outcome()).toBe('passed');
  });

  test('a server that overwrites the existing reseller fails SAFE-DUPLICATE-UNCHANGED', async () => {
    const t = await open({ server: { fault: 'duplicate-create-overwrites' } });
    await step(t, 'createReseller');
    await step(t, 'getReseller');
    const rec = await run(t, DUPLICATE);
    expect(sent(rec)).toEqual(['POST /resellers/ 201', 'GET /resellers/ 200']);
    expect(judged(rec, 'SAFE-DUPLICATE-UNCHANGED', 'VAL-DUPLICATE-4XX')).toEqual([
      ['SAFE-DUPLICATE-UNCHANGED', false, 1],
      ['VAL-DUPLICATE-4XX', false, 0],
    ]);
    expect(rec.findings.find((f) => f.requirement === 'SAFE-DUPLICATE-UNCHANGED')!.message).toMatch(/email .*dup@/);
    expect(rec.outcome()).toBe('failed');
  });

  test('a server whose limits write reaches the reseller named like the written one fails SAFE-WRITE-CONTAINED on the list', async () => {
    const t = await before(DUPLICATE, { server: { fault: 'limits-put-prefix' } });
    const bystander = t.run.bystander.username!;
    const rec = await run(t, DUPLICATE);
    expect(judged(rec, 'SAFE-WRITE-CONTAINED')).toEqual([['SAFE-WRITE-CONTAINED', false, 1]]);
    expect(rec.findings.find((f) => f.requirement === 'SAFE-WRITE-CONTAINED')!.message).toMatch(
      new RegExp(`^expected the writes to ${t.run.lifecycle.username} to reach no other reseller, got ${bystander}: max_users `),
    );
    expect(rec.outcome()).toBe('failed');
  });

  test("without a read of the existing reseller before, it is skipped; without the lifecycle's reseller, blocked; neither sends anything", async () => {
    const unread = await open();
    await step(unread, 'createReseller');
    const sentBefore = unread.server.requestLog.length;
    await expect(run(unread, DUPLICATE)).rejects.toThrow(new SkipCase('the existing reseller was not read before (see getReseller)'));
    expect(unread.server.requestLog).toHaveLength(sentBefore);

    const none = await open();
    await expect(run(none, DUPLICATE)).rejects.toThrow(SkipCase);
    expect(none.server.requestLog).toEqual([]);
  });
});

describe('the contained case: the bystander keeps its parts', () => {
  test("after the writes, each part the lifecycle wrote is read on the bystander: it keeps its own and shows nothing of the lifecycle's", async () => {
    const t = await before(CONTAINED);
    const bystander = t.run.bystander.username!;
    expect(bystander).toBe(`${lifecycleUsername(t.run)}b`);
    // The run set it up, and the run (not the lifecycle) removes it.
    expect(t.run.ledger.pending('run')).toEqual([expect.objectContaining({ username: bystander, created: true })]);
    const rec = await run(t, CONTAINED);
    expect(sent(rec)).toEqual(['branding', 'ips', 'nameservers', 'overselling'].map((part) => `GET /resellers/${bystander}/${part} 200`));
    expect(judged(rec, 'SAFE-WRITE-CONTAINED')).toEqual([0, 1, 2, 3].map((i) => ['SAFE-WRITE-CONTAINED', true, i]));
    expect(rec.outcome()).toBe('passed');
    // Shown: the admin may write to a given key's record.
    expect(await t.run.lifecycle.contained.value).toBe(true);
  });

  test("a server whose branding write replaces every reseller's fails SAFE-WRITE-CONTAINED on the bystander's branding", async () => {
    const t = await before(CONTAINED, { server: { fault: 'branding-put-all' } });
    const bystander = t.run.bystander.username!;
    const rec = await run(t, CONTAINED);
    expect(judged(rec, 'SAFE-WRITE-CONTAINED')).toEqual([['SAFE-WRITE-CONTAINED', false, 0], ...[1, 2, 3].map((i) => ['SAFE-WRITE-CONTAINED', true, i])]);
    expect(rec.exchanges[0].request.path).toBe(`/resellers/${bystander}/branding`);
    expect(rec.findings.find((f) => !f.ok)!.message).toMatch(
      new RegExp(`^expected ${bystander} to keep its own, got ".+", written to ${lifecycleUsername(t.run)}$`),
    );
    expect(rec.outcome()).toBe('failed');
    expect(await t.run.lifecycle.contained.value).toBe(false);
  });

  test('a removal that took more than the address it named: the writes are not shown contained, however the bystander reads', async () => {
    const t = await before(CONTAINED, { server: { fault: 'ips-delete-all' } });
    expect(t.run.lifecycle.exactRemoval).toBe(false);
    expect((await run(t, CONTAINED)).outcome()).toBe('passed');
    expect(await t.run.lifecycle.contained.value).toBe(false);
  });

  test('without the bystander, it is skipped with the reason', async () => {
    const t = await open();
    await step(t, 'createReseller');
    t.run.bystander.unusable = 'the server did not create the bystander reseller';
    await expect(run(t, CONTAINED)).rejects.toThrow(new SkipCase('the server did not create the bystander reseller'));
    expect(t.server.requestLog.map((r) => r.method)).toEqual(['POST']);
  });
});

describe('certify: a record the run does not own, around the writes', () => {
  test('its parts are read before the writes and after them: unchanged, and a write to every record fails SAFE-OTHERS-UNTOUCHED', async () => {
    const t = await before(OTHERS);
    expect([...t.run.lifecycle.others.keys()]).toEqual(['partner1']);
    const kept = await run(t, OTHERS);
    expect(sent(kept)).toEqual(['branding', 'ips', 'nameservers', 'overselling'].map((part) => `GET /resellers/partner1/${part} 200`));
    expect(judged(kept, 'SAFE-OTHERS-UNTOUCHED')).toEqual([0, 1, 2, 3].map((i) => ['SAFE-OTHERS-UNTOUCHED', true, i]));
    expect(kept.outcome()).toBe('passed');

    const all = await before(OTHERS, { server: { fault: 'branding-put-all' } });
    const reached = await run(all, OTHERS);
    expect(judged(reached, 'SAFE-OTHERS-UNTOUCHED')[0]).toEqual(['SAFE-OTHERS-UNTOUCHED', false, 0]);
    expect(reached.outcome()).toBe('failed');
  });

  test('the reads before the writes need the list before them; the reads after, the reads before', async () => {
    const t = await open();
    await expect(run(t, BEFORE)).rejects.toThrow(new SkipCase('no list before the writes to choose records from (see listResellers)'));
    await expect(run(t, OTHERS)).rejects.toThrow(new SkipCase('no record the run does not own was read before the writes'));
    expect(t.server.requestLog).toEqual([]);
  });
});
