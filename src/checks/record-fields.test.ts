import { expect, test } from 'vitest';
import { envelope, exchange, judge, verdictOf } from '../../test/helpers/check-context.ts';
import { duplicateLeavesRecordUnchanged, othersUnchanged, persistedFieldByField } from './record-fields.ts';

const record = { username: 'wcabc', email: 'wcabc@example.com', package: 'default', max_users: 5, disk_quota_mb: 100, can_grant_php: true, last_login: 'now' };

test('a duplicate create leaves the existing record as it was (fields that change by themselves aside)', () => {
  expect(verdictOf(duplicateLeavesRecordUnchanged, exchange(200, { ...record, last_login: 'later' }), { evidence: { before: record } })).toBe('ok');
  expect(judge(duplicateLeavesRecordUnchanged, exchange(200, { ...record, email: 'x@example.net' }), { evidence: { before: record } })?.message).toBe('expected the existing reseller unchanged, got email "wcabc@example.com" -> "x@example.net"');
  expect(verdictOf(duplicateLeavesRecordUnchanged, exchange(404, envelope(404, 'NOT_FOUND')), { evidence: { before: {} } })).toBe('fail');
});

test('a limits write shows field by field on the record; judged only on the target\'s read', () => {
  expect(verdictOf(persistedFieldByField, exchange(200, { ...record, max_users: 42 }), { evidence: { written: { max_users: 42 } } })).toBe('ok');
  expect(judge(persistedFieldByField, exchange(200, record), { evidence: { written: { max_users: 42 } } })?.message).toBe('expected the write to show on the record: max_users 42, got 5');
  expect(verdictOf(persistedFieldByField, exchange(200, record), { evidence: { bystanderBefore: record } })).toBeUndefined();
});

test('another reseller stays as it was while one is written; judged only on the bystander\'s read', () => {
  expect(verdictOf(othersUnchanged, exchange(200, record), { evidence: { bystanderBefore: record } })).toBe('ok');
  expect(judge(othersUnchanged, exchange(200, { ...record, max_users: 42 }), { evidence: { bystanderBefore: record } })?.message).toBe('expected a write to one reseller to leave another unchanged, got max_users 5 -> 42');
  expect(verdictOf(othersUnchanged, exchange(200, record), { evidence: { written: { max_users: 42 } } })).toBeUndefined();
});
