import { expect, test } from 'vitest';
import { exchange, judge, NOW, verdictOf } from '../../test/helpers/check-context.ts';
import { refusedCreatesNotListed, refusedPartNotAdded, type RefusedCreate } from './refused.ts';

const list = (names: string[], status = 200) =>
  exchange(
    status,
    names.map((username) => ({ username })),
  );
const refusals = (...refused: RefusedCreate[]) => ({ evidence: { on: 'list' as const, refused } });
const refused = (username: string, status: number, at: number): RefusedCreate => ({ username, status, at });

test('a list naming no refused create passes; one naming a create refused before it was sent fails, with the status', () => {
  const before = refused('wcab12cd', 400, NOW - 10);
  expect(judge(refusedCreatesNotListed, list(['partner1']), refusals(before))).toEqual({
    ok: true,
    message: 'none of the 1 creates refused before the list is listed',
  });
  expect(judge(refusedCreatesNotListed, list(['partner1', 'wcab12cd']), refusals(before, refused('wcab12ce', 401, NOW - 5)))).toEqual({
    ok: false,
    message: 'expected no reseller whose create was refused, got wcab12cd (its create answered 400) listed',
  });
  // As a panel may store it: case aside.
  expect(verdictOf(refusedCreatesNotListed, list(['WCAB12CD']), refusals(before))).toBe('fail');
});

test('nothing to judge: no refusal before the list was sent (one answered while it was on the wire), or no list answer', () => {
  expect(verdictOf(refusedCreatesNotListed, list(['wcab12cd']), refusals())).toBeUndefined();
  expect(verdictOf(refusedCreatesNotListed, list(['wcab12cd']), refusals(refused('wcab12cd', 400, NOW + 1)))).toBeUndefined();
  const before = refusals(refused('wcab12cd', 400, NOW - 10));
  expect(verdictOf(refusedCreatesNotListed, list(['wcab12cd'], 500), before)).toBeUndefined();
  expect(verdictOf(refusedCreatesNotListed, exchange(200, { resellers: [{ username: 'wcab12cd' }] }), before)).toBeUndefined();
  const record = { ...list(['wcab12cd']), request: { method: 'GET', path: '/resellers/wcab12cd/ips', headers: {} } };
  expect(verdictOf(refusedCreatesNotListed, record, before)).toBeUndefined();
});

test("the admin's read after a refused add: the value absent passes, shown fails; evidence of a list, nothing to judge", () => {
  const probe = { ...exchange(403, {}), request: { method: 'POST', path: '/resellers/partner1/ips', headers: {} } };
  const read = (ips: string[]) => ({ ...exchange(200, { ips }), request: { method: 'GET', path: '/resellers/partner1/ips', headers: {} } });
  const evidence = { on: 'part' as const, refused: probe, value: '203.0.113.9' };
  expect(verdictOf(refusedPartNotAdded, read(['198.51.100.20']), { evidence })).toBe('ok');
  expect(judge(refusedPartNotAdded, read(['198.51.100.20', '203.0.113.9']), { evidence })).toEqual({
    ok: false,
    message: "expected 203.0.113.9 not added by POST /resellers/partner1/ips -> 403, the admin's read shows it",
  });
  expect(verdictOf(refusedPartNotAdded, read(['203.0.113.9']), refusals(refused('203.0.113.9', 400, NOW - 10)))).toBeUndefined();
  expect(verdictOf(refusedCreatesNotListed, list(['wcab12cd']), { evidence })).toBeUndefined();
});
