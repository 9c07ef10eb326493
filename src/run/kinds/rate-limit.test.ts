// The rate-limit kind: a key pushed beyond its limit must meet a 429 within
// what any algorithm allows, then be served again after the announced reset.
import { expect, test } from 'vitest';
import { testRuns } from '../../../test/helpers/run-context.ts';
import type { CaseRecorder } from '../recorder.ts';
import { SkipCase } from '../recorder.ts';
import { pushBeyondLimit, rateLimit } from './rate-limit.ts';

/** A run and a server that agree on 5 requests per 1 s window. */
const open = testRuns((opts) => ({ ...opts, server: { rateLimit: 5, windowMs: 1000, ...opts.server }, input: { rate: 5, windowMs: 1000, ...opts.input } }));

const ADMIN_CASE = 'getCurrentUser.rate-limit.exceed';
const judged = (rec: CaseRecorder) =>
  rec.findings.filter((f) => f.requirement === 'RL-429' || f.requirement === 'RL-RECOVERY').map((f) => [f.requirement, f.ok]);

test('the admin key: beyond its limit a 429, after the reset served again', async () => {
  const t = await open();
  expect(rateLimit.name).toBe('rate-limit');
  const rec = t.recorder(ADMIN_CASE);
  await rateLimit.execute(t.run, rec, t.op(ADMIN_CASE), t.suite(ADMIN_CASE));
  const statuses = rec.exchanges.map((ex) => ex.response?.status);
  expect(statuses[0]).toBe(200);
  expect(statuses).toContain(429);
  expect(statuses.at(-1)).toBe(200);
  // Never more served than two windows allow: the probe's and the next.
  expect(statuses.slice(0, -1).filter((s) => s === 200).length).toBeLessThanOrEqual(10);
  expect(judged(rec)).toEqual([
    ['RL-429', true],
    ['RL-RECOVERY', true],
  ]);
  expect(rec.outcome()).toBe('passed');
});

test('a window the other cases spent to the last request: the probe goes at once and is the 429, no window more is spent', async () => {
  const t = await open();
  for (let i = 0; i < 5; i++) expect((await t.run.client.call('admin', { method: 'GET', path: '/auth/me' })).response?.status).toBe(200);
  const rec = t.recorder(ADMIN_CASE);
  await rateLimit.execute(t.run, rec, t.op(ADMIN_CASE), t.suite(ADMIN_CASE));
  expect(rec.exchanges.map((ex) => ex.response?.status)).toEqual([429, 200]);
  expect(judged(rec)).toEqual([
    ['RL-429', true],
    ['RL-RECOVERY', true],
  ]);
  // The 429 it provoked is no finding against the panel.
  expect(rec.outcome()).toBe('passed');
});

test('a reseller key is pushed the same way, through its own client', async () => {
  const t = await open();
  const id = 'getCurrentUser.role.exceed';
  const rec = t.recorder(id);
  await pushBeyondLimit(t.run, rec, t.op(id), 'reseller', t.run.client.withReseller(t.server.resellerToken));
  expect(rec.exchanges.every((ex) => ex.credential === 'reseller')).toBe(true);
  expect(judged(rec)).toEqual([
    ['RL-429', true],
    ['RL-RECOVERY', true],
  ]);
});

test("a front proxy turning burst requests away: judged on the API's answers only, the 429 still comes and is documented, the proxy's answers counted as retries; a server that never refuses still fails", async () => {
  const t = await open({ server: { proxy503Every: 4, windowMs: 3000 }, input: { windowMs: 3000 } });
  const rec = t.recorder(ADMIN_CASE);
  await rateLimit.execute(t.run, rec, t.op(ADMIN_CASE), t.suite(ADMIN_CASE));
  const turnedAway = t.server.requestLog.filter((r) => r.status === 503).length;
  expect(turnedAway).toBeGreaterThan(0);
  expect(rec.exchanges.some((ex) => ex.response?.status === 503)).toBe(false);
  expect(rec.exchanges.reduce((n, ex) => n + (ex.transientRetries ?? 0), 0)).toBe(turnedAway);
  expect(judged(rec)).toEqual([
    ['RL-429', true],
    ['RL-RECOVERY', true],
  ]);
  expect(rec.outcome()).toBe('passed');
  // Behind the same proxy, a server that never refuses still fails.
  const lax = await open({ server: { proxy503Every: 4, windowMs: 3000, fault: 'ratelimit-not-enforced' }, input: { windowMs: 3000 } });
  const laxRec = lax.recorder(ADMIN_CASE);
  await rateLimit.execute(lax.run, laxRec, lax.op(ADMIN_CASE), lax.suite(ADMIN_CASE));
  expect(judged(laxRec)).toEqual([['RL-429', false]]);
});

test('a server that never refuses serves more than any window allows: RL-429 fails', async () => {
  const t = await open({ server: { fault: 'ratelimit-not-enforced' } });
  const rec = t.recorder(ADMIN_CASE);
  await rateLimit.execute(t.run, rec, t.op(ADMIN_CASE), t.suite(ADMIN_CASE));
  expect(rec.exchanges.some((ex) => ex.response?.status === 429)).toBe(false);
  // Within the hard cap of ten windows' worth.
  expect(rec.exchanges.length).toBeLessThanOrEqual(1 + 5 + 1 + 50);
  expect(judged(rec)).toEqual([['RL-429', false]]);
  expect(rec.outcome()).toBe('failed');
});

test('no key to push, or a key refused before the burst: not judged', async () => {
  const t = await open();
  const id = 'getCurrentUser.role.exceed';
  await expect(pushBeyondLimit(t.run, t.recorder(id), t.op(id), 'reseller', undefined)).rejects.toThrow(new SkipCase('no reseller key: not judged'));
  const refused = await open({ input: { token: 'wsp_000000000000000000000000000000000000000000000000' } });
  const rec = refused.recorder(ADMIN_CASE);
  await expect(rateLimit.execute(refused.run, rec, refused.op(ADMIN_CASE), refused.suite(ADMIN_CASE))).rejects.toThrow(
    'the admin key was refused (401) before the burst: not judged',
  );
  expect(rec.exchanges).toHaveLength(1);
});
