import { expect, test } from 'vitest';
import { envelope, exchange, judge, verdictOf } from '../../test/helpers/check-context.ts';
import { changedFields, duplicateLeavesRecordUnchanged, listEntries, partialWrite, persistedFieldByField } from './record-fields.ts';

const record = {
  username: 'wcabc',
  email: 'wcabc@example.com',
  package: 'default',
  max_users: 5,
  max_domains: 10,
  disk_quota_mb: 100,
  can_grant_php: true,
  last_login: 'now',
};

test('fields that change by themselves (a last login) are no change; a field one read does not show counts only when asked', () => {
  expect(changedFields(record, { ...record, last_login: 'later' })).toEqual([]);
  expect(changedFields(record, { username: 'wcabc', max_users: 5 })).toEqual([
    'email "wcabc@example.com" -> undefined',
    'package "default" -> undefined',
    'max_domains 10 -> undefined',
    'disk_quota_mb 100 -> undefined',
    'can_grant_php true -> undefined',
  ]);
  expect(changedFields(record, { username: 'wcabc', max_users: 5 }, true)).toEqual([]);
  expect(listEntries([record, { username: 'other' }, { name: 'no username' }])?.size).toBe(2);
  expect(listEntries({ resellers: [] })).toBeUndefined();
});

test('a duplicate create leaves the existing record as it was, read as the record or as its entry in the list', () => {
  const evidence = { before: record, username: 'wcabc' };
  expect(verdictOf(duplicateLeavesRecordUnchanged, exchange(200, { ...record, last_login: 'later' }), { evidence })).toBe('ok');
  expect(judge(duplicateLeavesRecordUnchanged, exchange(200, { ...record, email: 'x@example.net' }), { evidence })?.message).toBe(
    'expected the existing reseller unchanged, got email "wcabc@example.com" -> "x@example.net"',
  );
  expect(verdictOf(duplicateLeavesRecordUnchanged, exchange(404, envelope(404, 'NOT_FOUND')), { evidence: { before: {}, username: 'wcabc' } })).toBe('fail');
  // An entry of the list may show less than the record: compared where both show a field.
  expect(verdictOf(duplicateLeavesRecordUnchanged, exchange(200, [{ username: 'wcabc', max_users: 5 }]), { evidence })).toBe('ok');
  expect(judge(duplicateLeavesRecordUnchanged, exchange(200, [{ username: 'wcabc', max_users: 0 }]), { evidence })?.message).toBe(
    'expected the existing reseller unchanged, got max_users 5 -> 0',
  );
  expect(judge(duplicateLeavesRecordUnchanged, exchange(200, [{ username: 'other' }]), { evidence })?.message).toBe(
    'expected the existing reseller unchanged, got wcabc no longer listed',
  );
});

test('a limits write shows field by field on the record', () => {
  expect(verdictOf(persistedFieldByField, exchange(200, { ...record, max_users: 42 }), { evidence: { written: { max_users: 42 } } })).toBe('ok');
  expect(judge(persistedFieldByField, exchange(200, record), { evidence: { written: { max_users: 42 } } })?.message).toBe(
    'expected the write to show on the record: max_users 42, got 5',
  );
});

test('a write of some fields leaves the others as they were (merge, not replace)', () => {
  const evidence = { before: record, written: { max_users: 42 } };
  expect(verdictOf(partialWrite, exchange(200, { ...record, max_users: 42 }), { evidence })).toBe('ok');
  expect(judge(partialWrite, exchange(200, { ...record, max_users: 42, max_domains: 0 }), { evidence })?.message).toBe(
    'expected a write of max_users to leave the other fields as they were, got max_domains 10 -> 0',
  );
  expect(verdictOf(partialWrite, exchange(200, record), { evidence: { before: undefined, written: { max_users: 42 } } })).toBeUndefined();
});
