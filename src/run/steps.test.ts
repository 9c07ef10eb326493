// The steps of every kind: answers that say nothing about the case are not
// judged (a 429 not waited out, a 401 to a valid key, a refused guess of an
// undocumented body); a case's request goes out with the ledger kept true;
// its expectation is judged.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exchange } from '../../test/helpers/check-context.ts';
import { openTestRun, type TestRun } from '../../test/helpers/run-context.ts';
import { SkipCase } from './recorder.ts';
import { guardJudgeable, judgeExpected, sendAndJudge, sendCase, skipIfRateLimited } from './steps.ts';

let t: TestRun;
beforeAll(async () => {
  t = await openTestRun();
});
afterAll(() => t.close());

/** The run's ledger as written so far. */
function ledgerEvents(): Array<{ event: string; username: string; owner?: string }> {
  if (!existsSync(t.run.ledger.file)) return [];
  return readFileSync(t.run.ledger.file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { event: string; username: string; owner?: string });
}

/** The SkipCase message fn throws, or undefined when it throws none. */
function skipOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof SkipCase) return err.message;
    throw err;
  }
}

describe('guardJudgeable', () => {
  test('a 429 the budget could not wait out is not judged, whatever the case', () => {
    const rateLimited = 'rate limited (429) even after waiting for the reset: not judged';
    expect(skipOf(() => skipIfRateLimited(exchange(429, { code: 'RATE_LIMITED' })))).toBe(rateLimited);
    expect(skipOf(() => skipIfRateLimited(exchange(200, {})))).toBeUndefined();
    expect(skipOf(() => guardJudgeable(t.planned('deleteReseller.not-found.missing'), t.op('deleteReseller.not-found.missing'), exchange(429, {})))).toBe(
      rateLimited,
    );
    expect(skipOf(() => guardJudgeable(t.planned('getReseller.positive.ok'), t.op('getReseller.positive.ok'), exchange(429, {})))).toBe(rateLimited);
  });

  test('a 401 to a valid key is not judged, unless the case expects 401 or sends no valid key', () => {
    const unauthorized = exchange(401, { code: 'UNAUTHORIZED' });
    const toValidKey = 'the server answered 401 to a valid key: not judged';
    expect(skipOf(() => guardJudgeable(t.planned('getReseller.positive.ok'), t.op('getReseller.positive.ok'), unauthorized))).toBe(toValidKey);
    expect(skipOf(() => guardJudgeable(t.planned('getReseller.role.own'), t.op('getReseller.role.own'), unauthorized))).toBe(toValidKey);
    expect(skipOf(() => guardJudgeable(t.planned('getReseller.auth.missing'), t.op('getReseller.auth.missing'), unauthorized))).toBeUndefined();
    expect(skipOf(() => guardJudgeable(t.planned('getCurrentUser.role.deleted-key'), t.op('getCurrentUser.role.deleted-key'), unauthorized))).toBeUndefined();
  });

  test("a refused guess of an undocumented body is not judged; a documented body's refusal is", () => {
    const guessed = t.planned('updateResellerBranding.positive.ok');
    expect(t.op(guessed.id).hints.body).toBe('undocumented');
    for (const status of [400, 422]) {
      expect(skipOf(() => guardJudgeable(guessed, t.op(guessed.id), exchange(status, {})))).toBe(
        `the server refused our guess of the undocumented request body (${status}): not judged`,
      );
    }
    expect(skipOf(() => guardJudgeable(guessed, t.op(guessed.id), exchange(500, {})))).toBeUndefined();
    // A case that expects the refusal judges it.
    expect(skipOf(() => guardJudgeable({ ...guessed, expect: { ...guessed.expect, status: '4xx' } }, t.op(guessed.id), exchange(400, {})))).toBeUndefined();
    const documented = t.planned('updateResellerLimits.positive.ok');
    expect(skipOf(() => guardJudgeable(documented, t.op(documented.id), exchange(400, {})))).toBeUndefined();
  });
});

describe('sendCase', () => {
  test('a reseller case without a reseller key is blocked, with the reason the role suite found', async () => {
    const id = 'getReseller.role.own';
    await expect(sendCase(t.run, t.recorder(id), t.op(id), 'roles')).rejects.toThrow(new SkipCase('blocked: no reseller key'));
    t.run.roles.unusable = 'the key was refused even its own record (403)';
    try {
      await expect(sendCase(t.run, t.recorder(id), t.op(id), 'roles')).rejects.toThrow('the key was refused even its own record (403)');
    } finally {
      delete t.run.roles.unusable;
    }
    expect(t.server.requestLog).toEqual([]);
  });

  test("a create is in the ledger before it leaves, then settled by its answer; a raw body's name too", async () => {
    const id = 'createReseller.validation.malformed-json';
    const rec = t.recorder(id);
    const ex = await sendCase(t.run, rec, t.op(id), 'validation');
    expect(ex.response?.status).toBe(400);
    expect(rec.exchanges).toEqual([ex]);
    const events = ledgerEvents();
    expect(events.map((e) => e.event)).toEqual(['intent', 'refused']);
    expect(events[0].username.startsWith(t.run.prefix)).toBe(true);
    expect(events[0].owner).toBe('validation');
    expect(events[1].username).toBe(events[0].username);
    expect(t.run.ledger.pending()).toEqual([]);
  });
});

describe('judgeExpected and sendAndJudge', () => {
  test("the case's expectation is judged on its answer; a delete probe the server refused leaves the ledger as it was", async () => {
    const id = 'deleteReseller.not-found.missing';
    const eventsBefore = ledgerEvents().length;
    const rec = t.recorder(id);
    await sendAndJudge(t.run, rec, t.op(id), 'not-found');
    expect(rec.exchanges.map((ex) => `${ex.request.method} ${ex.response?.status}`)).toEqual(['DELETE 404']);
    expect(rec.findings).toContainEqual(expect.objectContaining({ requirement: 'RES-NOT-FOUND-404', ok: true, exchange: 0 }));
    expect(rec.outcome()).toBe('passed');
    // A probe (404 expected) is no intent to delete, and its 404 deleted nothing.
    const missing = t.run.data.username('missing');
    expect(ledgerEvents().slice(eventsBefore)).toEqual([]);
    expect(t.run.ledger.deleteMeant(missing)).toBe(false);
    expect(t.run.ledger.pending()).toEqual([]);
  });

  test('an answer that cannot judge it skips the case before any judgement', () => {
    const id = 'updateResellerLimits.not-found.missing';
    const rec = t.recorder(id);
    expect(() => judgeExpected(rec, t.op(id), exchange(429, {}))).toThrow(SkipCase);
    expect(rec.findings).toEqual([]);
    judgeExpected(rec, t.op(id), exchange(200, { username: 'x' }));
    expect(rec.findings.find((f) => f.requirement === 'RES-NOT-FOUND-404')).toMatchObject({ ok: false, exchange: undefined });
  });
});
