import { expect, test } from 'vitest';
import { envelope, exchange, judge, verdictOf } from '../../test/helpers/check-context.ts';
import { containsValue, distinctiveValues, partReset, removedPartGone, writeReadBack } from './read-back.ts';

test('a body of unknown shape is searched for what was written', () => {
  expect(containsValue({ limits: { max_users: 537 } }, 537)).toBe(true);
  expect(containsValue({ ips: ['203.0.113.5'] }, '203.0.113.5')).toBe(true);
  expect(containsValue({ ips: [] }, '203.0.113.5')).toBe(false);
  expect(distinctiveValues({ enabled: true, ratio: 153, names: ['a'] })).toEqual([153, 'a']);
  expect(verdictOf(writeReadBack, exchange(200, { max_users: 537 }), { evidence: { written: { max_users: 537 } } })).toBe('ok');
  expect(judge(writeReadBack, exchange(200, { max_users: 5 }), { evidence: { written: { max_users: 537 } } })?.message).toBe(
    'expected the read-back to contain 537, got {"max_users":5}',
  );
  expect(judge(writeReadBack, exchange(404, envelope(404, 'NOT_FOUND')), { evidence: { written: { max_users: 537 } } })?.message).toBe(
    'expected the read-back to succeed, got 404 NOT_FOUND',
  );
});

test('a guessed body: one value kept, or any change, is enough; no change at all is not', () => {
  const written = { enabled: true, ratio: 153 };
  expect(verdictOf(writeReadBack, exchange(200, { enabled: true }), { evidence: { written, guessed: true, before: { enabled: false } } })).toBe('ok');
  expect(verdictOf(writeReadBack, exchange(200, { ratio: 153 }), { evidence: { written, guessed: true, before: {} } })).toBe('ok');
  expect(verdictOf(writeReadBack, exchange(200, { enabled: false }), { evidence: { written, guessed: true, before: { enabled: false } } })).toBe('fail');
  // No read before the write: a field under its own name with the value
  // written shows it, a boolean too; a value under another name does not.
  expect(verdictOf(writeReadBack, exchange(200, { enabled: true, disk_percent: 100 }), { evidence: { written, guessed: true } })).toBe('ok');
  expect(verdictOf(writeReadBack, exchange(200, { overselling: { enabled: true } }), { evidence: { written, guessed: true } })).toBe('ok');
  expect(verdictOf(writeReadBack, exchange(200, { active: true, enabled: false }), { evidence: { written, guessed: true } })).toBe('fail');
  expect(verdictOf(writeReadBack, exchange(200, { enabled: true }), { evidence: { written } })).toBe('fail');
});

test('a removed part is gone from the list of parts, and only it: the others added beside it stay', () => {
  const evidence = { value: '203.0.113.5', siblings: ['198.51.100.7'] };
  expect(verdictOf(removedPartGone, exchange(200, ['198.51.100.7']), { evidence })).toBe('ok');
  expect(judge(removedPartGone, exchange(200, [{ ip: '203.0.113.5' }, { ip: '198.51.100.7' }]), { evidence })?.message).toBe(
    'expected "203.0.113.5" to be gone, still listed',
  );
  expect(judge(removedPartGone, exchange(200, []), { evidence })?.message).toBe('expected only "203.0.113.5" to go, got "198.51.100.7" gone too');
});

test('a part reset by a DELETE no longer shows what was written to it', () => {
  const evidence = { written: { company_name: 'wcab12cd Acme', support_email: 'support@wcab12cd.example.net' } };
  expect(verdictOf(partReset, exchange(200, {}), { evidence })).toBe('ok');
  expect(verdictOf(partReset, exchange(200, { company_name: 'Default panel' }), { evidence })).toBe('ok');
  expect(judge(partReset, exchange(200, { company_name: 'wcab12cd Acme' }), { evidence })?.message).toBe(
    'expected the DELETE to reset it, got "wcab12cd Acme" still there',
  );
});
