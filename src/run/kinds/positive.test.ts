// The positive kind, step by step along the lifecycle's reseller: the
// create names it, reads are kept for later steps, writes read back, the IP
// added is removed and gone, the delete confirmed on the record and the list.
import { afterEach, expect, test } from 'vitest';
import { openTestRun, type TestRun, type TestRunOptions } from '../../../test/helpers/run-context.ts';
import type { CaseRecorder } from '../recorder.ts';
import { positive } from './positive.ts';

const opened: TestRun[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
});

async function open(opts: TestRunOptions = {}): Promise<TestRun> {
  const t = await openTestRun(opts);
  opened.push(t);
  return t;
}

/** Runs one positive case of the run through the kind. */
async function step(t: TestRun, operationId: string): Promise<CaseRecorder> {
  const id = `${operationId}.positive.ok`;
  const rec = t.recorder(id);
  await positive.execute(t.run, rec, t.op(id), t.suite(id));
  return rec;
}

/** requirement -> ok of every finding a check judged by name (the passive ones aside). */
const judged = (rec: CaseRecorder, ...requirements: string[]) => rec.findings.filter((f) => requirements.includes(f.requirement)).map((f) => [f.requirement, f.ok, f.exchange]);

test('the lifecycle on a conforming server: every step passes and leaves what the next needs; nothing is left', async () => {
  const t = await open();
  expect(positive.name).toBe('positive');

  const create = await step(t, 'createReseller');
  const username = t.run.lifecycle.username!;
  expect(username.startsWith(t.run.prefix)).toBe(true);
  expect(t.resellers()).toContain(username);
  expect(t.run.ledger.pending('lifecycle')).toEqual([expect.objectContaining({ username, created: true })]);
  expect(judged(create, 'RES-CREATE-201')).toEqual([['RES-CREATE-201', true, 0], ['RES-CREATE-201', true, 0]]);

  const list = await step(t, 'listResellers');
  expect(judged(list, 'LIFE-LIST-CONTAINS')).toEqual([['LIFE-LIST-CONTAINS', true, 0]]);

  await step(t, 'getReseller');
  expect(t.run.lifecycle.reads.getReseller).toMatchObject({ username });

  const limits = await step(t, 'updateResellerLimits');
  expect(limits.exchanges.map((ex) => `${ex.request.method} ${ex.response?.status}`)).toEqual(['PUT 200', 'GET 200']);
  expect(judged(limits, 'LIFE-LIMITS-PERSIST').every(([, ok, at]) => ok === true && at === 1)).toBe(true);
  expect(judged(limits, 'LIFE-LIMITS-PERSIST').length).toBeGreaterThan(0);

  const branding = await step(t, 'updateResellerBranding');
  expect(judged(branding, 'LIFE-GUESSED-READ-BACK')).toEqual([['LIFE-GUESSED-READ-BACK', true, 1]]);

  const added = await step(t, 'addResellerIp');
  const ip = t.run.lifecycle.yielded.ip!;
  expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  expect(judged(added, 'LIFE-WRITE-READ-BACK')).toEqual([['LIFE-WRITE-READ-BACK', true, 1]]);

  const removed = await step(t, 'removeResellerIp');
  expect(removed.exchanges[0]!.request.path).toBe(`/resellers/${username}/ips/${ip}`);
  expect(judged(removed, 'LIFE-IP-REMOVED')).toEqual([['LIFE-IP-REMOVED', true, 1]]);
  expect(t.run.lifecycle.yielded).toEqual({});

  const deleted = await step(t, 'deleteReseller');
  // Gone from the record and from the list, each judged on its own read.
  expect(deleted.exchanges.map((ex) => `${ex.request.method} ${ex.request.path} ${ex.response?.status}`)).toEqual([`DELETE /resellers/${username} 200`, `GET /resellers/${username} 404`, 'GET /resellers/ 200']);
  expect(judged(deleted, 'LIFE-DELETE-GONE')).toEqual([['LIFE-DELETE-GONE', true, 1], ['LIFE-DELETE-GONE', true, 2]]);
  expect(t.run.lifecycle.username).toBeUndefined();
  expect(t.run.ledger.pending()).toEqual([]);
  expect(t.resellers()).toEqual(['partner1']);

  for (const rec of [create, list, limits, branding, added, removed, deleted]) expect(rec.outcome(), rec.planned.id).toBe('passed');
});

test('a server that does not store a limits write fails its read-back', async () => {
  const t = await open({ server: { fault: 'limits-put-not-stored' } });
  await step(t, 'createReseller');
  const limits = await step(t, 'updateResellerLimits');
  expect(judged(limits, 'LIFE-LIMITS-PERSIST').some(([, ok]) => ok === false)).toBe(true);
  expect(limits.outcome()).toBe('failed');
});

test('a server whose list omits the new reseller, and one that keeps a removed IP, fail those steps', async () => {
  const omits = await open({ server: { fault: 'list-omits-new' } });
  await step(omits, 'createReseller');
  const list = await step(omits, 'listResellers');
  expect(judged(list, 'LIFE-LIST-CONTAINS')).toEqual([['LIFE-LIST-CONTAINS', false, 0]]);

  const keeps = await open({ server: { fault: 'ip-delete-not-removing' } });
  await step(keeps, 'createReseller');
  await step(keeps, 'addResellerIp');
  const removed = await step(keeps, 'removeResellerIp');
  expect(judged(removed, 'LIFE-IP-REMOVED')).toEqual([['LIFE-IP-REMOVED', false, 1]]);
});

test('a step the server answers wrongly fails and leaves nothing for later steps', async () => {
  const t = await open({ server: { fault: 'usage-404' } });
  await step(t, 'createReseller');
  const usage = await step(t, 'getResellerUsage');
  expect(usage.exchanges.map((ex) => ex.response?.status)).toEqual([404]);
  expect(judged(usage, 'RES-SUBRESOURCE-2XX')).toEqual([['RES-SUBRESOURCE-2XX', false, 0]]);
  expect(t.run.lifecycle.reads).not.toHaveProperty('getResellerUsage');
});

test('an answer that cannot judge the step (a 401 to the admin key) skips it: no read-back, nothing yielded', async () => {
  const t = await open({ input: { token: 'wsp_000000000000000000000000000000000000000000000000' } });
  t.run.lifecycle.username = 'partner1';
  await expect(step(t, 'addResellerIp')).rejects.toThrow('the server answered 401 to a valid key: not judged');
  expect(t.run.lifecycle.yielded).toEqual({});
  expect(t.server.requestLog).toHaveLength(1);
});
