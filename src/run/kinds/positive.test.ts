// The positive kind, step by step along the lifecycle's reseller: the
// create names it (as the bystander set up before it was named), reads are
// kept for later steps, each write is read back by the read of its part
// after it, of the two IPs added the one removed is gone and the other
// stays, the delete is confirmed on the record, each part and the list, and
// a record gone before its DELETE is a finding; the identity case judges
// the preflight's answer.
import { expect, test } from 'vitest';
import { testRuns, type TestRun } from '../../../test/helpers/run-context.ts';
import { setUpRun } from '../fixtures.ts';
import type { CaseRecorder } from '../recorder.ts';
import { lifecycleUsername } from '../request.ts';
import { positive } from './positive.ts';

const open = testRuns();

/** Runs one positive case of the run through the kind. */
async function step(t: TestRun, operationId: string): Promise<CaseRecorder> {
  const id = `${operationId}.positive.ok`;
  const rec = t.recorder(id);
  await positive.execute(t.run, rec, t.op(id), t.suite(id));
  return rec;
}

const RECORD_STILL_THERE = 'SAFE-WRITE-CONTAINED record_still_there';

/** requirement -> ok of every finding a check judged by name (the passive ones aside). */
const judged = (rec: CaseRecorder, ...requirements: string[]) =>
  rec.findings.filter((f) => requirements.includes(f.requirement)).map((f) => [f.requirement, f.ok, f.exchange]);

test('the lifecycle on a conforming server: every step passes and leaves what the next needs; nothing of it is left, the bystander stays', async () => {
  const t = await open();
  expect(positive.name).toBe('positive');
  await setUpRun(t.run);
  const bystander = t.run.bystander.username!;

  const create = await step(t, 'createReseller');
  const username = t.run.lifecycle.username!;
  expect(username.startsWith(t.run.prefix)).toBe(true);
  // The create shares the lifecycle's data label: the bystander was named after it.
  expect(username).toBe(lifecycleUsername(t.run));
  expect(bystander).toBe(`${username}b`);
  expect(t.resellers()).toContain(username);
  expect(t.run.ledger.pending('lifecycle')).toEqual([expect.objectContaining({ username, created: true })]);
  // The status and the schema, then (passive) the username it names.
  expect(judged(create, 'RES-CREATE-201')).toEqual([
    ['RES-CREATE-201', true, 0],
    ['RES-CREATE-201', true, 0],
    ['RES-CREATE-201', true, 0],
  ]);

  const list = await step(t, 'listResellers');
  expect(judged(list, 'LIFE-LIST-CONTAINS')).toEqual([['LIFE-LIST-CONTAINS', true, 0]]);
  expect(t.run.lifecycle.lists.beforeWrites).toBe(list.exchanges[0]);

  await step(t, 'getReseller');
  expect(t.run.lifecycle.reads.getReseller).toMatchObject({ username });

  // The limits are read back on the record, field by field, the others unchanged.
  const limits = await step(t, 'updateResellerLimits');
  expect(limits.exchanges.map((ex) => `${ex.request.method} ${ex.response?.status}`)).toEqual(['PUT 200', 'GET 200']);
  expect(judged(limits, 'LIFE-LIMITS-PERSIST').every(([, ok, at]) => ok === true && at === 1)).toBe(true);
  expect(judged(limits, 'LIFE-LIMITS-PERSIST').length).toBeGreaterThan(0);
  expect(judged(limits, 'SAFE-PARTIAL-WRITE')).toEqual([['SAFE-PARTIAL-WRITE', true, 1]]);
  expect(t.run.lifecycle.written.updateResellerLimits).toEqual(JSON.parse(limits.exchanges[0].request.body!));

  // A write is read back by the read of its part, after it.
  const branding = await step(t, 'updateResellerBranding');
  expect(branding.exchanges.map((ex) => `${ex.request.method} ${ex.response?.status}`)).toEqual(['PUT 200']);
  expect(judged(branding, 'LIFE-GUESSED-READ-BACK')).toEqual([]);
  const brandingRead = await step(t, 'getResellerBranding');
  expect(judged(brandingRead, 'LIFE-GUESSED-READ-BACK')).toEqual([['LIFE-GUESSED-READ-BACK', true, 0]]);

  // Two IPs added: the one the later DELETE names, and a sibling that must stay.
  const added = await step(t, 'addResellerIp');
  const ip = t.run.lifecycle.yielded.ip;
  expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  expect(added.exchanges.map((ex) => `${ex.request.method} ${ex.response?.status}`)).toEqual(['POST 201', 'POST 201']);
  const [sibling] = t.run.lifecycle.siblings.ip;
  expect(sibling).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  expect(sibling).not.toBe(ip);
  const ips = await step(t, 'listResellerIps');
  expect(judged(ips, 'LIFE-WRITE-READ-BACK')).toEqual([['LIFE-WRITE-READ-BACK', true, 0]]);
  expect(ips.exchanges[0].response!.body).toContain(ip);
  expect(ips.exchanges[0].response!.body).toContain(sibling);

  const removed = await step(t, 'removeResellerIp');
  expect(removed.exchanges[0].request.path).toBe(`/resellers/${username}/ips/${ip}`);
  // The sibling is removed from the bystander too, which never held it: it stays.
  expect(removed.exchanges[1].request.path).toBe(`/resellers/${t.run.bystander.username}/ips/${sibling}`);
  expect(judged(removed, 'LIFE-IP-REMOVED')).toEqual([['LIFE-IP-REMOVED', true, 2]]);
  expect(removed.exchanges[2].response!.body).not.toContain(ip);
  expect(removed.exchanges[2].response!.body).toContain(sibling);
  expect(t.run.lifecycle.exactRemoval).toBe(true);
  expect(t.run.lifecycle.yielded).toEqual({});

  const deleted = await step(t, 'deleteReseller');
  // Gone from the record, from each of its parts and from the list, each
  // judged on its own read; the bystander still listed.
  const parts = t.run.spec.record.parts.map((p) => p.path.replace('{username}', username));
  expect(deleted.exchanges.map((ex) => `${ex.request.method} ${ex.request.path} ${ex.response?.status}`)).toEqual([
    `DELETE /resellers/${username} 200`,
    `GET /resellers/${username} 404`,
    ...parts.map((path) => `GET ${path} 404`),
    'GET /resellers/ 200',
  ]);
  const last = deleted.exchanges.length - 1;
  expect(judged(deleted, 'LIFE-DELETE-GONE')).toEqual([
    ['LIFE-DELETE-GONE', true, 1],
    ['LIFE-DELETE-GONE', true, last],
  ]);
  expect(judged(deleted, 'RES-NOT-FOUND-404', 'SAFE-DELETE-COMPLETE')).toEqual(
    parts.flatMap((_, i) => [
      ['RES-NOT-FOUND-404', true, 2 + i],
      ['SAFE-DELETE-COMPLETE', true, 2 + i],
    ]),
  );
  expect(judged(deleted, 'SAFE-WRITE-CONTAINED', 'SAFE-OTHERS-UNTOUCHED')).toEqual([
    ['SAFE-WRITE-CONTAINED', true, last],
    ['SAFE-OTHERS-UNTOUCHED', true, last],
  ]);
  expect(t.run.reached).not.toContain(RECORD_STILL_THERE);
  expect(t.run.lifecycle.username).toBeUndefined();
  expect(t.run.ledger.pending('lifecycle')).toEqual([]);
  expect(t.resellers().sort()).toEqual(['partner1', bystander].sort());

  for (const rec of [create, list, limits, branding, brandingRead, added, ips, removed, deleted]) expect(rec.outcome(), rec.planned.id).toBe('passed');
});

test("the identity case judges the preflight's answer: nothing is sent again", async () => {
  const t = await open();
  const asked = await t.run.client.call('admin', { method: 'GET', path: '/auth/me' });
  const adopted = await open({ input: { preflightIdentity: asked } });
  const me = await step(adopted, 'getCurrentUser');
  expect(adopted.server.requestLog).toEqual([]);
  expect(me.exchanges).toEqual([asked]);
  expect(me.exchanges[0]).toBe(asked);
  expect(me.exchanges[0].response?.status).toBe(200);
  expect(judged(me, 'AUTH-ME-200')).toEqual([
    ['AUTH-ME-200', true, 0],
    ['AUTH-ME-200', true, 0],
  ]);
  expect(me.outcome()).toBe('passed');
});

test('a lifecycle reseller removed out of band before its DELETE fails SAFE-WRITE-CONTAINED (record_still_there); one still there never reaches that check', async () => {
  const gone = await open();
  await step(gone, 'createReseller');
  const username = gone.run.lifecycle.username!;
  // Not through a case, not in the ledger: as a write of the run to another record would.
  const outOfBand = await gone.run.client.call('admin', { method: 'DELETE', path: `/resellers/${username}` });
  expect(outOfBand.response?.status).toBe(200);
  expect(gone.resellers()).not.toContain(username);
  const deleted = await step(gone, 'deleteReseller');
  expect(deleted.exchanges.map((ex) => `${ex.request.method} ${ex.request.path} ${ex.response?.status}`)).toEqual([
    `DELETE /resellers/${username} 404`,
    `GET /resellers/${username} 404`,
  ]);
  expect(judged(deleted, 'SAFE-WRITE-CONTAINED')).toEqual([['SAFE-WRITE-CONTAINED', false, 1]]);
  const finding = deleted.findings.find((f) => f.requirement === 'SAFE-WRITE-CONTAINED')!;
  expect(finding.message).toBe(
    `expected ${username}, which the run created and had not deleted, to be there for its DELETE, got 404 on its read too: something the run sent for another record removed it`,
  );
  expect(gone.run.reached).toContain(RECORD_STILL_THERE);
  expect(judged(deleted, 'RES-DELETE-200').some(([, ok]) => ok === false)).toBe(true);
  expect(deleted.outcome()).toBe('failed');

  const there = await open();
  await step(there, 'createReseller');
  const kept = await step(there, 'deleteReseller');
  expect(kept.exchanges[0].response?.status).toBe(200);
  expect(kept.outcome()).toBe('passed');
  // SAFE-WRITE-CONTAINED was judged (on the list), by another of its checks.
  expect(there.run.reached).toContain('SAFE-WRITE-CONTAINED bystanders_unchanged');
  expect(there.run.reached).not.toContain(RECORD_STILL_THERE);
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
