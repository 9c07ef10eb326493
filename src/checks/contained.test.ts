import { expect, test } from 'vitest';
import { exchange, judge, verdictOf } from '../../test/helpers/check-context.ts';
import { bystandersUnchanged, partKept, stillThere, type Contained } from './contained.ts';

const b = { username: 'wcabcb', max_users: 5, package: 'default' };
const list = (...items: object[]) => exchange(200, items);

test("the run's own records stay listed and, where the list before the writes showed them, unchanged", () => {
  const evidence: Contained = { on: 'list', names: ['wcabcb'], before: [b], target: 'wcabc' };
  expect(verdictOf(bystandersUnchanged, list(b, { username: 'wcabc' }), { evidence })).toBe('ok');
  expect(judge(bystandersUnchanged, list({ ...b, max_users: 4242 }), { evidence })?.message).toBe(
    'expected the writes to wcabc to reach no other reseller, got wcabcb: max_users 5 -> 4242',
  );
  expect(judge(bystandersUnchanged, list({ username: 'wcabc' }), { evidence })?.message).toBe(
    'expected the writes to wcabc to reach no other reseller, got wcabcb is no longer listed',
  );
  expect(verdictOf(bystandersUnchanged, exchange(200, { resellers: [] }), { evidence })).toBeUndefined();
  // No list before the writes: a bystander showing every value written to the target took its write.
  const written = { max_users: 4242, max_domains: 4343 };
  const unseen: Contained = { on: 'list', names: ['wcabcb'], written, target: 'wcabc' };
  expect(judge(bystandersUnchanged, list({ ...b, ...written }), { evidence: unseen })?.message).toBe(
    'expected the writes to wcabc to reach no other reseller, got wcabcb shows what was written to wcabc: max_users 4242, max_domains 4343',
  );
  expect(verdictOf(bystandersUnchanged, list({ ...b, max_users: 4242 }), { evidence: unseen })).toBe('ok');
  expect(verdictOf(bystandersUnchanged, list(b), { evidence: { ...unseen, written: {} } })).toBe('ok');
  expect(verdictOf(bystandersUnchanged, list(b), { evidence: { on: 'part', keeps: [], foreign: [], bystander: 'wcabcb', target: 'wcabc' } })).toBeUndefined();
});

test('a part of the bystander keeps what the run wrote to it and shows nothing written to the target', () => {
  const evidence: Contained = { on: 'part', keeps: ['wcabcb Own Co'], foreign: ['wcabc Target Co'], bystander: 'wcabcb', target: 'wcabc' };
  expect(verdictOf(partKept, exchange(200, { company_name: 'wcabcb Own Co' }), { evidence })).toBe('ok');
  expect(judge(partKept, exchange(200, { company_name: 'wcabc Target Co' }), { evidence })?.message).toBe(
    'expected wcabcb to keep its own, got "wcabc Target Co", written to wcabc',
  );
  expect(judge(partKept, exchange(200, {}), { evidence })?.message).toBe(
    'expected wcabcb to keep "wcabcb Own Co", written to it before the writes to wcabc and its delete: gone',
  );
  expect(judge(partKept, exchange(404, {}), { evidence })?.message).toBe(
    'expected wcabcb, which the run created and has not deleted, to keep this part, got 404 after the writes to wcabc and its delete: gone',
  );
  expect(verdictOf(partKept, exchange(500, {}), { evidence })).toBeUndefined();
});

test('the written record, read after its DELETE answered 404: a 404 there too means something else removed it; an answer means the DELETE alone erred', () => {
  const evidence: Contained = { on: 'vanished', name: 'wcabc' };
  expect(judge(stillThere, exchange(404, { success: false, code: 'NOT_FOUND', message: 'gone' }), { evidence })?.message).toBe(
    'expected wcabc, which the run created and had not deleted, to be there for its DELETE, got 404 on its read too: something the run sent for another record removed it',
  );
  expect(verdictOf(stillThere, exchange(200, { username: 'wcabc' }), { evidence })).toBeUndefined();
  expect(verdictOf(stillThere, exchange(404, {}), { evidence: { on: 'list', names: [], target: 'wcabc' } })).toBeUndefined();
});
