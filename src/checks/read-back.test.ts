import { expect, test } from 'vitest';
import { envelope, exchange, judge, verdictOf } from '../../test/helpers/check-context.ts';
import { containsValue, distinctiveValues, removedPartGone, writeReadBack } from './read-back.ts';

test('a body of unknown shape is searched for what was written', () => {
  expect(containsValue({ limits: { max_users: 537 } }, 537)).toBe(true);
  expect(containsValue({ ips: ['203.0.113.5'] }, '203.0.113.5')).toBe(true);
  expect(containsValue({ ips: [] }, '203.0.113.5')).toBe(false);
  expect(distinctiveValues({ enabled: true, ratio: 153, names: ['a'] })).toEqual([153, 'a']);
  expect(verdictOf(writeReadBack, exchange(200, { max_users: 537 }), { evidence: { written: { max_users: 537 } } })).toBe('ok');
  expect(judge(writeReadBack, exchange(200, { max_users: 5 }), { evidence: { written: { max_users: 537 } } })?.message).toBe('expected the read-back to contain 537, got {"max_users":5}');
  expect(judge(writeReadBack, exchange(404, envelope(404, 'NOT_FOUND')), { evidence: { written: { max_users: 537 } } })?.message).toBe('expected the read-back to succeed, got 404 NOT_FOUND');
});

test('a guessed body: one value kept, or any change, is enough; no change at all is not', () => {
  const written = { enabled: true, ratio: 153 };
  expect(verdictOf(writeReadBack, exchange(200, { enabled: true }), { evidence: { written, guessedBefore: { body: { enabled: false } } } })).toBe('ok');
  expect(verdictOf(writeReadBack, exchange(200, { ratio: 153 }), { evidence: { written, guessedBefore: { body: {} } } })).toBe('ok');
  expect(verdictOf(writeReadBack, exchange(200, { enabled: false }), { evidence: { written, guessedBefore: { body: { enabled: false } } } })).toBe('fail');
});

test('a removed part is gone from the list of parts', () => {
  expect(verdictOf(removedPartGone, exchange(200, ['198.51.100.7']), { evidence: { value: '203.0.113.5' } })).toBe('ok');
  expect(judge(removedPartGone, exchange(200, [{ ip: '203.0.113.5' }]), { evidence: { value: '203.0.113.5' } })?.message).toBe('expected "203.0.113.5" to be gone, still listed');
});
