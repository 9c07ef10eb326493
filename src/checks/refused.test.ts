import { expect, test } from 'vitest';
import { exchange, judge, NOW, verdictOf } from '../../test/helpers/check-context.ts';
import { refusedCreatesNotListed, refusedPartNotAdded, refusedWritesNotApplied, type RefusedCreate } from './refused.ts';

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

test('a part read after refused writes: no text they sent shows (as the field they named, or in a list); once each; what a write not refused sent may show', () => {
  const write = (path: string, status: number, body: Record<string, unknown>) => ({
    exchange: { ...exchange(status, {}), request: { method: path.endsWith('ips') ? 'POST' : 'PUT', path, headers: {} } },
    body,
  });
  const limits = '/resellers/wcab12cd/limits';
  const own = { max_users: 5, max_domains: 10, can_grant_ssl: true };
  const typed = write(limits, 400, { max_users: 'many' });
  const evidence = (refused: ReturnType<typeof write>[], unrefused: ReturnType<typeof write>[] = []) => ({
    evidence: { on: 'written' as const, refused, unrefused },
  });
  expect(judge(refusedWritesNotApplied, exchange(200, own), evidence([typed, typed]))).toEqual({
    ok: true,
    message: 'nothing 2 refused writes sent shows',
  });
  expect(judge(refusedWritesNotApplied, exchange(200, { ...own, max_users: 'many' }), evidence([typed, typed]))).toEqual({
    ok: false,
    message: 'expected a refused write to store nothing, got max_users "many" after PUT /resellers/wcab12cd/limits -> 400',
  });
  // The field named is what counts: the same text in another field proves nothing.
  expect(verdictOf(refusedWritesNotApplied, exchange(200, { ...own, note: 'many' }), evidence([typed]))).toBe('ok');
  // Only text is judged: a refused number or flag may be the record's own value.
  expect(verdictOf(refusedWritesNotApplied, exchange(200, { ...own, max_users: -5 }), evidence([write(limits, 400, { max_users: -5 })]))).toBeUndefined();
  expect(verdictOf(refusedWritesNotApplied, exchange(200, own), evidence([write(limits, 400, { can_grant_ssl: true })]))).toBeUndefined();
  // A write not refused (accepted, or a 5xx) that sent the same may have stored it.
  expect(
    verdictOf(refusedWritesNotApplied, exchange(200, { ...own, max_users: 'many' }), evidence([typed], [write(limits, 500, { max_users: 'many' })])),
  ).toBeUndefined();
  expect(verdictOf(refusedWritesNotApplied, exchange(200, { ...own, max_users: 'many' }), evidence([typed], [write(limits, 200, { max_domains: 7 })]))).toBe(
    'fail',
  );

  const ips = '/resellers/wcab12cd/ips';
  const listed = (...addresses: string[]) => exchange(200, { ips: addresses });
  const invalid = write(ips, 400, { ip: 'not-an-ip' });
  expect(verdictOf(refusedWritesNotApplied, listed('192.0.2.1'), evidence([invalid, write(ips, 400, { ip: 12345 })]))).toBe('ok');
  expect(judge(refusedWritesNotApplied, listed('192.0.2.1', 'not-an-ip'), evidence([invalid, invalid]))).toEqual({
    ok: false,
    message: 'expected a refused write to store nothing, got ip "not-an-ip" after POST /resellers/wcab12cd/ips -> 400',
  });
  expect(verdictOf(refusedWritesNotApplied, listed('not-an-ip'), evidence([invalid], [write(ips, 201, { ip: 'not-an-ip' })]))).toBeUndefined();
  expect(verdictOf(refusedWritesNotApplied, listed('192.0.2.1'), { evidence: { on: 'part' as const, refused: invalid.exchange, value: 'x' } })).toBeUndefined();
});
