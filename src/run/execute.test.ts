// One case through its kind: disabled and skipped as planned, skipped when a
// SkipCase says so (failed when a finding already failed), an error of ours
// as the suite's error, not run when the run was cancelled.
import { describe, expect, test } from 'vitest';
import { testRuns } from '../../test/helpers/run-context.ts';
import { executeCase, notRun, RunCancelled } from './execute.ts';
import { caseIdentity } from '../model/case.ts';

const open = testRuns();

describe('executeCase', () => {
  test('a case that passes: its exchanges and findings, the expected requirement judged', async () => {
    const t = await open();
    const c = t.planned('createReseller.positive.ok');
    const r = await executeCase(t.run, c, t.suite(c.id));
    expect(r).toMatchObject({ id: c.id, operationId: 'createReseller', kind: 'positive', credential: 'admin', outcome: 'passed', reason: undefined });
    expect(r.exchanges.map((ex) => `${ex.request.method} ${ex.response?.status}`)).toEqual(['POST 201']);
    expect(r.findings).toContainEqual(expect.objectContaining({ requirement: 'RES-CREATE-201', ok: true, exchange: 0 }));
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
  });

  test('disabled and skipped as planned: the planned reason, nothing sent', async () => {
    const t = await open();
    const c = t.planned('getCurrentUser.positive.ok');
    expect(await executeCase(t.run, { ...c, disabled: 'turned off (--exclude positive)' }, 'lifecycle')).toMatchObject({
      outcome: 'disabled',
      reason: 'turned off (--exclude positive)',
      exchanges: [],
      findings: [],
    });
    expect(await executeCase(t.run, { ...c, skip: 'write case under --read-only' }, 'lifecycle')).toMatchObject({
      outcome: 'skipped',
      reason: 'write case under --read-only',
      exchanges: [],
    });
    expect(t.server.requestLog).toEqual([]);
  });

  test('a SkipCase skips the case with its reason', async () => {
    const t = await open();
    // No lifecycle reseller was created.
    const r = await executeCase(t.run, t.planned('getReseller.positive.ok'), 'lifecycle');
    expect(r).toMatchObject({ outcome: 'skipped', reason: 'blocked: the lifecycle reseller does not exist (see resellers.create)', exchanges: [] });
  });

  test('an answer that cannot judge the case skips it, its exchange kept; a finding that already failed makes it failed', async () => {
    const wrongKey = 'wsp_000000000000000000000000000000000000000000000000';
    const clean = await open({ input: { token: wrongKey } });
    const skipped = await executeCase(clean.run, clean.planned('getCurrentUser.positive.ok'), 'lifecycle');
    expect(skipped).toMatchObject({ outcome: 'skipped', reason: 'the server answered 401 to a valid key: not judged' });
    expect(skipped.exchanges.map((ex) => ex.response?.status)).toEqual([401]);
    expect(skipped.findings.filter((f) => !f.ok)).toEqual([]);

    const faulty = await open({ server: { fault: 'envelope-no-code' }, input: { token: wrongKey } });
    const failed = await executeCase(faulty.run, faulty.planned('getCurrentUser.positive.ok'), 'lifecycle');
    expect(failed).toMatchObject({ outcome: 'failed', reason: 'the server answered 401 to a valid key: not judged' });
    expect(failed.findings.filter((f) => !f.ok).map((f) => f.requirement)).toContain('ENV-SHAPE');
  });

  test('an error of ours ends the case as a suite error', async () => {
    const t = await open();
    const r = await executeCase(t.run, { ...t.planned('getCurrentUser.positive.ok'), operationId: 'noSuchOperation' }, 'lifecycle');
    expect(r.outcome).toBe('error');
    expect(r.reason).toMatch(/^suite error: /);
  });

  test('a cancelled run: the case is not run, as the cancel says, and nothing is sent', async () => {
    const stop = new AbortController();
    stop.abort(new RunCancelled('skipped', 'not run: the run was interrupted'));
    const t = await open({ signal: stop.signal });
    const c = t.planned('getCurrentUser.positive.ok');
    expect(await executeCase(t.run, c, 'lifecycle', undefined, stop.signal)).toMatchObject({
      outcome: 'skipped',
      reason: 'not run: the run was interrupted',
      exchanges: [],
    });
    // Cancelled while it waits for the network: the client's signal ends it.
    const late = new AbortController();
    const u = await open({ signal: late.signal });
    late.abort(new RunCancelled('error', 'not run: the run timed out (--run-timeout 10)'));
    expect(await executeCase(u.run, u.planned('getCurrentUser.positive.ok'), 'lifecycle')).toMatchObject({
      outcome: 'error',
      reason: 'not run: the run timed out (--run-timeout 10)',
    });
    expect(t.server.requestLog).toEqual([]);
    expect(u.server.requestLog).toEqual([]);
  });
});

describe('notRun', () => {
  test('a case not run: the outcome and reason given, its identity kept, no evidence', async () => {
    const t = await open();
    const c = t.planned('getReseller.positive.ok');
    // Its identity as src/model/case.test.ts holds caseIdentity to.
    expect(notRun(c, 'error', 'suite error: boom')).toEqual({
      ...caseIdentity(c),
      outcome: 'error',
      reason: 'suite error: boom',
      findings: [],
      exchanges: [],
      durationMs: 0,
    });
  });

  test('a planned disabled or skip reason wins over the reason given', async () => {
    const t = await open();
    const c = t.planned('getReseller.positive.ok');
    expect(notRun({ ...c, disabled: 'not selected (--filter)' }, 'skipped', 'not run: the run was interrupted')).toMatchObject({
      outcome: 'disabled',
      reason: 'not selected (--filter)',
    });
    expect(notRun({ ...c, skip: 'write case under --read-only' }, 'error', 'suite error: boom')).toMatchObject({
      outcome: 'skipped',
      reason: 'write case under --read-only',
    });
  });
});
