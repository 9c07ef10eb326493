import { expect, test } from 'vitest';
import { envelope, exchange, judge, verdictOf } from '../../test/helpers/check-context.ts';
import { goneFromList, goneFromRecord, listContainsCreated, listedNames } from './listed.ts';

test('the list names the record just created', () => {
  expect(verdictOf(listContainsCreated, exchange(200, [{ username: 'a' }, { username: 'wcabc' }]), { evidence: { username: 'wcabc' } })).toBe('ok');
  expect(judge(listContainsCreated, exchange(200, [{ username: 'a' }]), { evidence: { username: 'wcabc' } })?.message).toBe(
    'expected the list to contain wcabc, got 1 other entries',
  );
  expect(listedNames(exchange(200, { resellers: [] }))).toEqual([]);
});

test('a deleted record: its read answers 404, the list no longer names it; each check judges its own read', () => {
  const record = { username: 'wcabc', read: 'record' as const };
  const list = { username: 'wcabc', read: 'list' as const };
  expect(verdictOf(goneFromRecord, exchange(404, envelope(404, 'NOT_FOUND')), { evidence: record })).toBe('ok');
  expect(verdictOf(goneFromRecord, exchange(200, { username: 'wcabc' }), { evidence: record })).toBe('fail');
  expect(verdictOf(goneFromRecord, exchange(200, []), { evidence: list })).toBeUndefined();
  expect(verdictOf(goneFromList, exchange(200, [{ username: 'other' }]), { evidence: list })).toBe('ok');
  expect(judge(goneFromList, exchange(200, [{ username: 'wcabc' }]), { evidence: list })?.message).toBe('expected wcabc to leave the list, still listed');
  expect(verdictOf(goneFromList, exchange(404, envelope(404, 'NOT_FOUND')), { evidence: record })).toBeUndefined();
});
